#!/usr/bin/env python3
"""End-to-end IMAP extensions with Python's imaplib: SORT, UID SORT, THREAD (both algorithms), BINARY and
ENABLE UTF8=ACCEPT with a UTF-8 mailbox name. Usage: imap_extensions.py HOST PORT USER PASSWORD. Exits non-zero
with a message on any mismatch."""
import imaplib
import sys


def expect(condition, message):
    if not condition:
        print("FAIL: " + message, file=sys.stderr)
        sys.exit(1)


MESSAGES = [
    b"Subject: Re: apples\r\nMessage-ID: <2@py>\r\nReferences: <1@py>\r\n"
    b"Date: Mon, 1 Jan 2024 10:00:00 +0000\r\n\r\nreply\r\n",
    b"Subject: apples\r\nMessage-ID: <1@py>\r\nDate: Mon, 1 Jan 2024 09:00:00 +0000\r\n\r\nfirst\r\n",
    b"Subject: bananas\r\nMessage-ID: <3@py>\r\nDate: Mon, 1 Jan 2024 08:00:00 +0000\r\n"
    b"Content-Transfer-Encoding: base64\r\n\r\naGVsbG8=\r\n",
]


def main():
    host, port, user, password = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    imap = imaplib.IMAP4(host, port)
    expect(imap.login(user, password)[0] == "OK", "login")
    for capability in ("SORT", "THREAD=REFERENCES", "THREAD=ORDEREDSUBJECT", "BINARY", "UTF8=ACCEPT"):
        expect(capability in imap.capabilities, "capability %s in %r" % (capability, imap.capabilities))
    for message in MESSAGES:
        expect(imap.append("INBOX", None, None, message)[0] == "OK", "append")
    expect(imap.select("INBOX")[0] == "OK", "select")

    typ, data = imap.sort("(SUBJECT DATE)", "UTF-8", "ALL")
    expect(typ == "OK" and data == [b"2 1 3"], "sort: %r" % data)
    typ, data = imap.uid("SORT", "(REVERSE DATE)", "UTF-8", "ALL")
    expect(typ == "OK" and data == [b"1 2 3"], "uid sort: %r" % data)
    typ, data = imap.thread("REFERENCES", "UTF-8", "ALL")
    expect(typ == "OK" and data == [b"(3)(2 1)"], "thread references: %r" % data)
    typ, data = imap.thread("ORDEREDSUBJECT", "UTF-8", "ALL")
    expect(typ == "OK" and data == [b"(3)(2 1)"], "thread orderedsubject: %r" % data)

    typ, data = imap.fetch("3", "(BINARY.PEEK[1] BINARY.SIZE[1])")
    expect(typ == "OK" and data[0][1] == b"hello" and b"BINARY.SIZE[1] 5" in data[1], "binary: %r" % data)

    # RFC 5161 §3.1: ENABLE only before a mailbox is selected.
    expect(imap.unselect()[0] == "OK", "unselect")
    typ, data = imap.enable("UTF8=ACCEPT")
    expect(typ == "OK", "enable: %r" % data)
    expect(imap.create('"Café"')[0] == "OK", "create a UTF-8 name")
    typ, data = imap.status('"Café"', "(MESSAGES)")
    expect(typ == "OK", "status of a UTF-8 name: %r" % data)
    expect(imap.logout()[0] == "BYE", "logout")
    print("ok")


if __name__ == "__main__":
    main()
