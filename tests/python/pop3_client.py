#!/usr/bin/env python3
"""End-to-end check of Paloma's POP3 server with Python's poplib.

Usage: pop3_client.py HOST PORT USER PASSWORD

The test puts exactly two messages into the user's INBOX first: message 1 has a body line starting with "."
and message 2 uses bare LF line ends. Exits non-zero with a message on the first mismatch.
"""
import poplib
import sys


def check(condition, message):
    if not condition:
        print("FAIL: " + message, file=sys.stderr)
        sys.exit(1)


def main():
    host, port, user, password = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    pop = poplib.POP3(host, port, timeout=30)
    check(pop.getwelcome().startswith(b"+OK"), "greeting: %r" % pop.getwelcome())

    caps = pop.capa()
    for name in ("TOP", "UIDL", "USER", "RESP-CODES", "PIPELINING"):
        check(name in caps, "CAPA lacks %s: %r" % (name, caps))

    try:
        pop.user(user)
        pop.pass_("wrong password")
        check(False, "wrong password accepted")
    except poplib.error_proto as e:
        check(b"[AUTH]" in e.args[0], "bad password answer: %r" % e.args[0])

    pop.user(user)
    pop.pass_(password)

    count, size = pop.stat()
    check(count == 2, "STAT count %d" % count)

    _, listing, _ = pop.list()
    sizes = [int(line.split()[1]) for line in listing]
    check(len(sizes) == 2 and sum(sizes) == size, "LIST %r vs STAT size %d" % (listing, size))

    _, uidls, _ = pop.uidl()
    ids = [line.split()[1] for line in uidls]
    check(len(set(ids)) == 2, "UIDL not unique: %r" % uidls)
    check(pop.uidl(2).split()[2] == ids[1], "UIDL 2 disagrees with UIDL")

    _, lines, _ = pop.retr(1)
    check(lines == [b"Subject: py1", b"", b".dot line", b"..two dots", b"end"], "RETR 1: %r" % lines)

    _, lines, _ = pop.retr(2)
    check(lines == [b"Subject: py2", b"", b"lf body", b"last"], "RETR 2: %r" % lines)

    _, lines, _ = pop.top(1, 1)
    check(lines == [b"Subject: py1", b"", b".dot line"], "TOP 1 1: %r" % lines)

    check(pop.dele(1).startswith(b"+OK"), "DELE 1")
    try:
        pop.retr(1)
        check(False, "RETR of a deleted message succeeded")
    except poplib.error_proto:
        pass

    check(pop.stat()[0] == 1, "STAT after DELE")
    pop.rset()
    check(pop.stat()[0] == 2, "STAT after RSET")
    pop.dele(1)
    check(pop.quit().startswith(b"+OK"), "QUIT")

    pop = poplib.POP3(host, port, timeout=30)
    pop.user(user)
    pop.pass_(password)
    _, uidls, _ = pop.uidl()
    check([line.split()[1] for line in uidls] == [ids[1]], "after QUIT: %r, expected only %r" % (uidls, ids[1]))
    pop.quit()
    print("ok")


if __name__ == "__main__":
    main()
