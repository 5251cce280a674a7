"""gofmt in the sandbox: the formatter parses untrusted code, so it runs boxed like a program."""

import pytest

import sandbox
from sandbox import RunRequest, SourceRejected

MESSY = 'package main\nimport "fmt"\nfunc main(){\nfmt.Println( "hi" )\n}\n'


def test_gofmt_formats_a_go_program():
    formatted = sandbox.format_source(RunRequest(language="go", source=MESSY))
    assert formatted.error == ""
    assert formatted.source == 'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("hi")\n}\n'


def test_a_syntax_error_is_reported_and_nothing_is_formatted():
    formatted = sandbox.format_source(RunRequest(language="go", source="package main\nfunc main() {\n"))
    assert formatted.source == "" and formatted.error.startswith("main.go:")


def test_python_has_no_standard_formatter():
    with pytest.raises(SourceRejected, match="Python has no standard formatter"):
        sandbox.format_source(RunRequest(language="python", source="print(1)\n"))
