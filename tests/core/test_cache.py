"""core.cache.RedisCache: Django's Redis backend, one redis.Redis client per pool."""

import os
import uuid

import pytest

from core.cache import RedisCache

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/6")


def test_it_reuses_one_client_per_pool_instead_of_one_per_operation():
    backend = RedisCache("redis://127.0.0.1:6379/15", {})
    first = backend._cache.get_client()
    assert backend._cache.get_client() is first
    assert backend._cache.get_client(write=True) is first  # one server: one pool


def test_it_keeps_a_client_per_server():
    backend = RedisCache("redis://127.0.0.1:6379/14,redis://127.0.0.1:6379/15", {})
    writer = backend._cache.get_client(write=True)
    assert writer.connection_pool.connection_kwargs["db"] == 14  # writes go to the first
    readers = {id(backend._cache.get_client()) for _ in range(50)}
    assert 1 <= len(readers) <= 2


def test_it_still_reads_and_writes():
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        pytest.skip("no Redis at TEST_REDIS_URL")
    backend = RedisCache(REDIS_URL, {"OPTIONS": {}})
    key = f"test-{uuid.uuid4()}"
    backend.set(key, {"a": 1}, 30)
    assert backend.get_many([key, "missing"]) == {key: {"a": 1}}
    assert backend.get(key) == {"a": 1}
    backend.delete(key)
    assert backend.get(key) is None
