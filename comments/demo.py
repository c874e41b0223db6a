"""Demo comments for seed_demo. (Placeholder until the comments work lands.)"""


def seed_comments(articles, *, stdout=None):
    """Add comments in every state to the demo articles; idempotent."""


def bulk_comments(articles, *, per_article: int, stdout=None):
    """Bulk-insert ``per_article`` approved comments on each article, for benchmarks."""
