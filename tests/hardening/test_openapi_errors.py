"""Item 10: every operation documents its error answers, in the one error shape, and
unreadable bodies get that shape too (the fuzzer in CI checks the rest)."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def schema():
    from openvss.api import api

    return api.get_openapi_schema()


def operations(schema):
    for path, ops in schema["paths"].items():
        for method, op in ops.items():
            yield path, method, op


def test_every_operation_documents_its_errors_with_the_one_shape(schema):
    ref = {"$ref": "#/components/schemas/Error"}
    assert schema["components"]["schemas"]["Error"]["required"] == ["error"]
    for path, method, op in operations(schema):
        responses = {str(k): v for k, v in op["responses"].items()}
        assert "422" in responses, (method, path)
        if op.get("security"):
            assert {"401", "403", "429"} <= set(responses), (method, path)
        if "{" in path:
            assert "404" in responses, (method, path)
        if method == "post":
            assert "429" in responses, (method, path)
        for code, response in responses.items():
            if code.startswith(("4",)):
                assert response["content"]["application/json"]["schema"] == ref, (code, path)


@pytest.mark.parametrize(
    ("path", "body", "kind"),
    [
        ("/api/v1/auth/login", b"{not json", "application/json"),
        ("/api/v1/registrations", b"--x\r\n", "multipart/form-data"),  # no boundary
    ],
)
def test_an_unreadable_body_gets_a_422_in_the_error_shape(client, path, body, kind):
    response = client.post(path, body, content_type=kind)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "body_invalid" and error["message"].startswith("Nội dung gửi lên")
