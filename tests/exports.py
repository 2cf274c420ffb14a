"""Customer feedback exports shaped as the tools write them, full of personal data and hostile text.

Each writer puts the same kinds of things in: the customer's name in a name column and in the
text (whole, and first and last name apart), their e-mail address, phone numbers in Dutch and
international forms, an IBAN, a Dutch postcode, a street address, a link with a query string, and
text made to fool a terminal (rich markup, escape sequences, bidi controls).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

# What no feedback record may hold: every personal datum the exports below carry.
PERSONAL = (
    "Jan de Vries", "jan.devries@example.nl", "Vries", "Jan ", "0612345678", "06-12345678",
    "+31 20 123 4567", "NL91 ABNA 0417 1643 00", "NL91ABNA0417164300", "1234 AB", "Dorpsstraat 12",
    "token=s3cr3t", "Zoë Ångström", "zoe@example.com", "Ångström", "Priya Raman", "priya.raman",
    "Raman", "+44 20 7946 0958", "Bram Bakker", "bram@support.example", "Kees Jansen", "Jansen",
    "k.jansen@example.org", "Pieter Post", "Post ", "0201234567", "Fatima El Amrani", "Amrani",
    "fatima@example.be", "Anna Smit", "Smit", "192.0.2.44", "anna.smit@example.nl", "Lotte",
    "Visser", "lotte.visser@example.nl", "+32 470 12 34 56", "Emma Mulder", "Mulder",
)  # fmt: skip
HOSTILE = "\x1b]0;owned\x07 \x1b[2J [bold]loud[/] [link=https://evil]click[/link] \u202eevil\u202c \x9b31m"
INJECTED = ("\x1b", "\x9b", "\x07", "\u202e", "\u202c")


def _csv(rows: list[list[str]], delimiter: str = ",") -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


ZENDESK_HEADER = [
    "Summation column", "Id", "Requester", "Requester id", "Requester external id", "Requester email",
    "Requester domain", "Submitter", "Assignee", "Group", "Subject", "Tags", "Status", "Priority", "Via",
    "Ticket type", "Created at", "Updated at", "Assigned at", "Organization", "Due date",
    "Satisfaction Score", "Description",
]  # fmt: skip


def zendesk_csv(folder: Path, name: str = "tickets.csv") -> Path:
    rows = [
        ZENDESK_HEADER,
        ["", "4521", "Jan de Vries", "20978392", "", "jan.devries@example.nl", "example.nl", "Jan de Vries",
         "Bram Bakker", "Support", "Factuur niet te vinden", "portal invoice", "Solved", "Normal", "Mail",
         "Question", "2026-11-20 14:03:11 +0100", "2026-11-21 09:00:00 +0100", "", "Vries & Zn",
         "", "Bad",
         "Hallo,\n\nIk kan mijn factuur niet vinden in het portaal. Bel me op 06-12345678 of mail "
         "jan.devries@example.nl. Mijn IBAN is NL91 ABNA 0417 1643 00, adres Dorpsstraat 12, 1234 AB "
         "Utrecht. Vries hier, Jan dus.\n\nMet vriendelijke groet,\nJan de Vries"],
        ["", "4522", "Zoë Ångström", "20978393", "", "zoe@example.com", "example.com", "Zoë Ångström",
         "Bram Bakker", "Support", "Password reset " + HOSTILE, "", "Solved", "Low", "Web", "Question",
         "2026-11-21 10:15:00 +0100", "2026-11-21 11:00:00 +0100", "", "", "", "Good",
         "Reset link https://portal.example.nl/reset?token=s3cr3t&user=zoe did not work. zoe angstrom, "
         "+31 20 123 4567. Thanks Bram! " + HOSTILE],
        ["", "4523", "Priya Raman", "20978394", "", "priya.raman@example.co.uk", "example.co.uk",
         "Priya Raman", "", "Support", "Invoice by e-mail please", "", "Open", "Normal", "Mail", "Question",
         "gisteren", "", "", "", "", "Offered", "Could you mail the invoice? Call +44 20 7946 0958. Priya"],
        ["", "4524", "Kees Jansen", "20978395", "", "k.jansen@example.org", "example.org", "Kees Jansen",
         "Bram Bakker", "Support", "", "", "Solved", "Normal", "Mail", "Question",
         "2026-11-22 08:00:00 +0100", "", "", "", "", "Unoffered", ""],
    ]  # fmt: skip
    path = folder / name
    path.write_text(_csv(rows), "utf-8")
    return path


def zendesk_json(folder: Path, name: str = "tickets.json") -> Path:
    def ticket(number: int, who: str, mail: str, subject: str, text: str, score: str, comment: str) -> object:
        return {
            "url": f"https://example.zendesk.com/api/v2/tickets/{number}.json",
            "id": number,
            "created_at": "2026-11-20T13:03:11Z",
            "subject": subject,
            "description": text,
            "status": "solved",
            "requester": {"id": 20978392, "name": who, "email": mail},
            "via": {"channel": "email", "source": {"from": {"address": mail, "name": who}}},
            "tags": ["invoice"],
            "satisfaction_rating": {"score": score, "comment": comment},
        }

    tickets = [
        ticket(4521, "Jan de Vries", "jan.devries@example.nl", "Factuur niet te vinden",
               "Ik kan mijn factuur niet vinden. Bel 06-12345678. Groeten, Jan", "bad",
               "Jan de Vries vond het antwoord te laat"),
        ticket(4530, "Pieter Post", "p.post@example.nl", "Dank " + HOSTILE,
               "Snel geholpen! Mijn nummer 0201234567 mag weg. Post, Pieter.", "good", ""),
    ]  # fmt: skip
    path = folder / name
    path.write_text(json.dumps({"tickets": tickets}, indent=2), "utf-8")
    return path


def typeform(folder: Path, name: str = "responses.csv") -> Path:
    rows = [
        ["#", "How likely are you to recommend us to a friend?", "What could we do better?",
         "What is your name?", "What's your e-mail?", "Start Date (UTC)", "Submit Date (UTC)", "Network ID"],
        ["a1b2c3", "3", "Ik moet steeds inloggen om mijn factuur te zien. Fatima El Amrani, fatima@example.be",
         "Fatima El Amrani", "fatima@example.be", "2026-11-18 09:00:00", "2026-11-18 09:02:11", "f00"],
        ["d4e5f6", "10", "Alles top, vooral de chat met " + HOSTILE, "Amrani", "", "2026-11-19 10:00:00",
         "2026-11-19 10:01:00", "f01"],
        ["g7h8i9", "8", "", "Anna Smit", "anna.smit@example.nl", "2026-11-19 11:00:00", "2026-11-19 11:01:00",
         "f02"],
    ]  # fmt: skip
    path = folder / name
    path.write_text(_csv(rows), "utf-8")
    return path


def surveymonkey(folder: Path, name: str = "survey.csv") -> Path:
    rows = [
        ["Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address", "Email Address", "First Name",
         "Last Name", "Custom Data 1", "How likely is it that you would recommend us to a friend?",
         "Which product do you use?", "", "What should we change?"],
        ["", "", "", "", "", "", "", "", "", "Response", "Laptop", "Phone", "Open-Ended Response"],
        ["11855555555", "400000000", "11/20/2026 02:03:11 PM", "11/20/2026 02:05:40 PM", "192.0.2.44",
         "anna.smit@example.nl", "Anna", "Smit", "", "6", "Laptop", "",
         "Anna here: the invoice e-mail goes to spam. Smit is my surname, IBAN NL91ABNA0417164300."],
        ["11855555556", "400000000", "11/21/2026 09:00:00 AM", "11/21/2026 09:04:00 AM", "192.0.2.45",
         "lotte.visser@example.nl", "Lotte", "Visser", "", "11", "", "Phone", "Lotte Visser thinks it is fine"],
        ["11855555557", "400000000", "11/22/2026 09:00:00 AM", "11/22/2026 09:04:00 AM", "192.0.2.46",
         "", "", "", "", "9", "", "Phone", "Quick answers " + HOSTILE],
    ]  # fmt: skip
    path = folder / name
    path.write_text(_csv(rows), "utf-8")
    return path


GOOGLE_PLAY_HEADER = [
    "Package Name", "App Version Code", "App Version Name", "Reviewer Language", "Device",
    "Review Submit Date and Time", "Review Submit Millis Since Epoch", "Review Last Update Date and Time",
    "Review Last Update Millis Since Epoch", "Star Rating", "Review Title", "Review Text",
    "Developer Reply Date and Time", "Developer Reply Millis Since Epoch", "Developer Reply Text", "Review Link",
]  # fmt: skip


def google_play(folder: Path, name: str = "reviews_nl.example.app_202611.csv") -> Path:
    rows = [
        GOOGLE_PLAY_HEADER,
        ["nl.example.app", "412", "4.1.2", "nl", "a52q", "2026-11-20T14:03:11Z", "1795615391000",
         "2026-11-20T14:03:11Z", "1795615391000", "1", "Crasht", "App crasht bij inloggen. Bel +32 470 12 34 56 "
         "maar niet na 17u. Groet, Emma Mulder", "", "", "",
         "http://play.google.com/console/developers/123/app/456/user-feedback/review-details?reviewId=abc"],
        ["nl.example.app", "412", "4.1.2", "nl", "a52q", "2026-11-21T08:00:00Z", "1795680000000",
         "2026-11-21T08:00:00Z", "1795680000000", "5", "Top", "Eindelijk facturen per mail " + HOSTILE, "", "",
         "", ""],
    ]  # fmt: skip
    path = folder / name
    path.write_bytes(_csv(rows).encode("utf-16"))  # as Google writes it: UTF-16 with a byte order mark
    return path


def app_store(folder: Path, name: str = "appstore.csv") -> Path:
    rows = [
        ["Date", "Rating", "Title", "Review", "Nickname", "Version", "Territory", "Review ID"],
        ["Nov 20, 2026", "2", "Slow", "Takes ages to load my invoices. — Lotte Visser", "Lotte Visser", "4.1.2",
         "NLD", "r-9001"],
        ["21/11/2026", "4", "Better", "The new invoice screen is clear " + HOSTILE, "visser_l", "4.1.2", "NLD",
         "r-9002"],
    ]  # fmt: skip
    path = folder / name
    path.write_text(_csv(rows, ";"), "utf-8-sig")  # as Excel in a Dutch locale saves it
    return path


def nps(folder: Path, name: str = "delighted.csv") -> Path:
    rows = [
        ["Response ID", "Name", "Email", "Score", "Comment", "Response timestamp", "Delighted Source"],
        ["r1", "Emma Mulder", "emma@example.nl", "9", "Emma again: great service, phone 06 12 34 56 78",
         "2026-11-20 14:03:11 -0800", "email"],
        ["r2", "Kees Jansen", "k.jansen@example.org", "4", "Invoice portal is hopeless, Kees", "1795680000",
         "email"],
        ["r3", "Anna Smit", "anna.smit@example.nl", "7", "", "2026-11-22T08:00:00+01:00", "web"],
        ["r4", "Pieter Post", "", "12", "What scale is this", "2026-11-22T08:00:00+01:00", "web"],
    ]  # fmt: skip
    path = folder / name
    path.write_text(_csv(rows), "utf-8")
    return path


def generic(folder: Path, name: str = "intercom.csv") -> Path:
    rows = [
        ["Conversation", "Customer name", "Customer email", "Rating", "Remark", "When"],
        ["c-1", "Bram Bakker", "bram@support.example", "happy", "Bram Bakker answered within minutes",
         "20-11-2026"],
        ["c-2", "Zoë Ångström", "zoe@example.com", "unhappy", "Nobody told Zoë about the outage", "21-11-2026"],
        ["c-3", "Fatima El Amrani", "", "neutral", "Fine " + HOSTILE, "22-11-2026"],
    ]  # fmt: skip
    path = folder / name
    path.write_text(_csv(rows), "cp1252", errors="replace")  # as Excel on Windows saves it
    return path


WRITERS = {
    "zendesk": zendesk_csv,
    "zendesk-json": zendesk_json,
    "typeform": typeform,
    "surveymonkey": surveymonkey,
    "google-play": google_play,
    "app-store": app_store,
    "nps": nps,
    "generic": generic,
}
