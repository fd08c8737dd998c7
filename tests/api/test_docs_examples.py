"""Every curl example in docs/api.md runs, in order, and answers the status written under it."""

import re
import shlex
from pathlib import Path

import pytest

from realdesk.api.actions import token_create

DOC = Path(__file__).resolve().parents[2] / "docs" / "api.md"
BLOCK = re.compile(r"```sh\n(.*?)```", re.S)
EXAMPLE = re.compile(r"(curl .*?)\n# (\d{3})\n", re.S)


def examples() -> list[tuple[str, int]]:
    found = []
    for block in BLOCK.findall(DOC.read_text()):
        found += [(command, int(status)) for command, status in EXAMPLE.findall(block)]
    return found


def parse(command: str, variables: dict[str, str]) -> dict:
    for name, value in variables.items():
        command = command.replace(f"${name}", value)
    words = iter(shlex.split(command.replace("\\\n", " "))[1:])
    request = {"method": "GET", "headers": {}, "data": ""}
    for word in words:
        if word == "-X":
            request["method"] = next(words)
        elif word == "-H":
            name, _, value = next(words).partition(": ")
            request["headers"][name] = value
        elif word == "-d":
            request["data"] = next(words)
        elif not word.startswith("-"):
            request["path"] = word
    return request


def test_the_doc_has_examples_of_every_write():
    methods = {parse(command, {})["method"] for command, _ in examples()}
    assert methods == {"GET", "POST", "PATCH"}
    assert len(examples()) >= 10


@pytest.mark.django_db
def test_every_curl_example_runs(client, agent):
    variables = {
        "REALDESK": "",
        "TOKEN": token_create(agent=agent, scope="write")[1],
        "AGENT_ID": str(agent.pk),
    }
    for command, status in examples():
        request = parse(command, variables)
        headers = request.pop("headers")
        response = client.generic(
            request.pop("method"),
            request.pop("path"),
            request.pop("data"),
            content_type=headers.pop("Content-Type", "application/octet-stream"),
            headers=headers,
        )
        assert response.status_code == status, (command, response.content)
