"""Reading a response the way the tests look at pages."""


def listed_titles(response) -> list[str]:
    """The titles of the rows of a paginated list (incidents or articles), in page order."""
    return [row.title for row in response.context["page"].object_list]
