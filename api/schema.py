"""The OpenAPI schema of the API, with the errors every operation can answer."""

from drf_spectacular.openapi import AutoSchema

ERROR_BODY = {
    "type": "object",
    "additionalProperties": True,
    "description": "What was wrong, by parameter (or `detail`).",
}
ERRORS = {
    "400": "A filter or parameter could not be read.",
    "404": "No such record (or page).",
    "429": "Too many requests: wait as the Retry-After header says.",
}


class ApiSchema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction == "response":
            for code, description in ERRORS.items():
                responses.setdefault(
                    code,
                    {
                        "description": description,
                        "content": {"application/json": {"schema": ERROR_BODY}},
                    },
                )
        return responses
