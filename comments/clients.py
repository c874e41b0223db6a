"""Who is posting: see ``webcore.clients`` (search and the admin login ask the same)."""

from webcore.clients import client_ip, user_agent

__all__ = ["client_ip", "user_agent"]
