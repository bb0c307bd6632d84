#!/usr/bin/env python3
"""Sends a message to alice@example.com with smtplib and checks the recipient refusals.

Usage: smtp_client.py HOST PORT. Exits non-zero with a message on the first failure.
"""
import smtplib
import sys


def fail(message):
    print("FAIL: " + message)
    sys.exit(1)


def expect_refusal(smtp, recipient, code, enhanced):
    smtp.rset()
    status, _ = smtp.mail("carol@example.net")
    if status != 250:
        fail("MAIL got %d" % status)
    status, text = smtp.rcpt(recipient)
    text = text.decode("utf-8", "replace")
    if status != code or not text.startswith(enhanced):
        fail("RCPT %s: expected %d %s, got %d %s" % (recipient, code, enhanced, status, text))


def main():
    host, port = sys.argv[1], int(sys.argv[2])
    with smtplib.SMTP(host, port, local_hostname="client.example.net", timeout=30) as smtp:
        status, _ = smtp.ehlo()
        if status != 250:
            fail("EHLO got %d" % status)
        for extension in ("pipelining", "size", "8bitmime", "enhancedstatuscodes"):
            if not smtp.has_extn(extension):
                fail("EHLO does not advertise " + extension)

        body = ("From: carol@example.net\r\nTo: alice@example.com\r\nSubject: smtplib test\r\n\r\n"
                "Hello from Python.\r\n.leading dot\r\n")
        refused = smtp.sendmail("carol@example.net", ["alice@example.com"], body)
        if refused:
            fail("sendmail refused: %r" % refused)

        expect_refusal(smtp, "nobody@example.com", 550, "5.1.1")
        expect_refusal(smtp, "someone@example.net", 550, "5.7.1")

        status, _ = smtp.noop()
        if status != 250:
            fail("NOOP got %d" % status)
    print("ok")


if __name__ == "__main__":
    try:
        main()
    except (smtplib.SMTPException, OSError) as error:
        fail("%s: %s" % (type(error).__name__, error))
