"""Reads for comment pages. (Placeholder until the comments work lands.)"""


def comment_section(request, article) -> dict:
    """Everything the article page's comment section shows, planned in a fixed number of queries."""
    return {}
