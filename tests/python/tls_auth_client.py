#!/usr/bin/env python3
"""Paloma's STARTTLS and authentication with Python's own clients.

Usage: tls_auth_client.py smtp HOST PORT USER PASSWORD   (submission: STARTTLS, AUTH LOGIN and PLAIN, send)
       tls_auth_client.py smtps HOST PORT USER PASSWORD  (implicit TLS: SMTP_SSL, AUTH, send)
       tls_auth_client.py pop3 HOST PORT USER PASSWORD   (STLS, USER/PASS, STAT)
       tls_auth_client.py imap HOST PORT USER PASSWORD   (STARTTLS, LOGIN, SELECT)

The server's certificate is self-signed, so verification is off. Exits non-zero on the first failure.
"""
import imaplib
import poplib
import smtplib
import ssl
import sys


def check(condition, message):
    if not condition:
        print("FAIL: " + message, file=sys.stderr)
        sys.exit(1)


def context():
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    return ctx


def send(smtp, user):
    smtp.sendmail(user, [user], "Subject: from smtplib\r\n\r\nhello\r\n")


def smtp_starttls(host, port, user, password):
    with smtplib.SMTP(host, port, local_hostname="client.example.net", timeout=30) as smtp:
        smtp.ehlo()
        check(smtp.has_extn("starttls"), "no STARTTLS in %r" % smtp.esmtp_features)
        check("PLAIN" not in smtp.esmtp_features.get("auth", ""), "PLAIN offered before TLS")
        smtp.starttls(context=context())
        smtp.ehlo()
        check("PLAIN" in smtp.esmtp_features.get("auth", ""), "no PLAIN after TLS")
        try:
            smtp.login(user, "wrong password")
            check(False, "wrong password accepted")
        except smtplib.SMTPAuthenticationError as e:
            check(e.smtp_code == 535, "wrong password answer %r" % (e.args,))
        smtp.login(user, password)
        send(smtp, user)


def smtps(host, port, user, password):
    with smtplib.SMTP_SSL(host, port, local_hostname="client.example.net", timeout=30,
                          context=context()) as smtp:
        smtp.ehlo()
        check(not smtp.has_extn("starttls"), "STARTTLS offered inside TLS")
        smtp.login(user, password)
        send(smtp, user)


def pop3(host, port, user, password):
    pop = poplib.POP3(host, port, timeout=30)
    check("STLS" in pop.capa(), "no STLS in CAPA")
    pop.stls(context=context())
    check("STLS" not in pop.capa(), "STLS still offered inside TLS")
    pop.user(user)
    pop.pass_(password)
    count, _ = pop.stat()
    check(count >= 0, "STAT")
    pop.quit()


def imap(host, port, user, password):
    client = imaplib.IMAP4(host, port, timeout=30)
    check("LOGINDISABLED" in client.capabilities, "no LOGINDISABLED before TLS: %r" % (client.capabilities,))
    client.starttls(ssl_context=context())
    check("LOGINDISABLED" not in client.capabilities, "LOGINDISABLED inside TLS")
    client.login(user, password)
    status, _ = client.select("INBOX")
    check(status == "OK", "SELECT")
    client.logout()


def main():
    mode, host, port, user, password = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
    {"smtp": smtp_starttls, "smtps": smtps, "pop3": pop3, "imap": imap}[mode](host, port, user, password)
    print("ok")


if __name__ == "__main__":
    main()
