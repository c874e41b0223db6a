"""Django's Redis cache, keeping one redis-py client per connection pool.

Django's backend builds a new ``redis.Redis`` object for every cache call;
its constructor fills a table of some 160 response callbacks, which costs
more CPU than the network round trip. A cached reader page is one cache
call, so that constructor was half the cost of serving it. redis-py clients
are thread-safe and share the pool (which re-connects after a fork), so one
client per pool is safe.
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class ReusedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = super().get_client(key, write=write)
        return client


class ReusedClientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient
