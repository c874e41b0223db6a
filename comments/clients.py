"""Who is posting: see ``webcore.clients`` (every form readers send uses the same rule)."""

from webcore.clients import client_ip, user_agent

__all__ = ["client_ip", "user_agent"]
