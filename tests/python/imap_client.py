#!/usr/bin/env python3
"""End-to-end IMAP check with Python's imaplib: login, list, select, append, search, fetch, store, copy,
expunge, logout. Usage: imap_client.py HOST PORT USER PASSWORD. Exits non-zero with a message on any mismatch."""
import imaplib
import sys


def expect(condition, message):
    if not condition:
        print("FAIL: " + message, file=sys.stderr)
        sys.exit(1)


def main():
    host, port, user, password = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    imap = imaplib.IMAP4(host, port)
    typ, _ = imap.login(user, password)
    expect(typ == "OK", "login")

    typ, boxes = imap.list()
    expect(typ == "OK", "list")
    listing = b"\n".join(boxes)
    expect(b"\\Sent" in listing and b'"Trash"' in listing, "special-use folders listed: %r" % listing)

    typ, data = imap.select("INBOX")
    expect(typ == "OK", "select")
    before = int(data[0])

    message = b"From: py@example.com\r\nSubject: from python\r\n\r\nhello imaplib\r\n"
    typ, data = imap.append("INBOX", "(\\Flagged)", None, message)
    expect(typ == "OK" and b"APPENDUID" in data[0], "append: %r" % data)

    imap.noop()
    typ, data = imap.search(None, "FLAGGED")
    expect(typ == "OK", "search")
    hits = data[0].split()
    expect(len(hits) == 1, "one flagged message: %r" % data)
    number = hits[0]

    typ, data = imap.fetch(number, "(RFC822.SIZE BODY.PEEK[])")
    expect(typ == "OK", "fetch")
    expect(data[0][1] == message, "body round-trips byte-exact: %r" % (data[0][1],))
    expect(b"RFC822.SIZE %d" % len(message) in data[0][0], "size: %r" % (data[0][0],))

    typ, data = imap.store(number, "+FLAGS", "(\\Seen \\Deleted)")
    expect(typ == "OK" and b"\\Seen" in data[0], "store: %r" % data)

    typ, data = imap.copy(number, "Trash")
    expect(typ == "OK", "copy: %r" % data)

    typ, data = imap.expunge()
    expect(typ == "OK" and number in data, "expunge reports the message: %r" % data)

    typ, data = imap.status("Trash", "(MESSAGES)")
    expect(typ == "OK" and b"MESSAGES 1" in data[0], "status of Trash: %r" % data)
    typ, data = imap.select("INBOX")
    expect(int(data[0]) == before, "INBOX back to %d messages: %r" % (before, data))

    typ, _ = imap.logout()
    expect(typ == "BYE", "logout")
    print("ok")


if __name__ == "__main__":
    main()
