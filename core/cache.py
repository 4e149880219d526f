"""Django's Redis cache backend, reusing its Redis client objects.

Django's `RedisCacheClient.get_client()` builds a new `redis.Redis` for every cache operation
(redis-py fills a table of some 170 response callbacks each time): about a fifth of the time of
a public page served from the cache (bench/RESULTS.md). A `redis.Redis` is thread-safe and holds
no connection of its own (the pool does), so one per pool is enough. Backend instances are per
thread and created after gunicorn forks, so nothing is shared across processes.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class ReusingRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
