"""The shared cache (CACHE_URL, Redis in production) works the way the public pages use it."""

import os
import uuid

import pytest
from django.utils.module_loading import import_string

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/6")


@pytest.fixture
def redis_cache(settings):
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        pytest.skip("no Redis at TEST_REDIS_URL")
    backend = import_string("django_redis.cache.RedisCache")
    return backend(REDIS_URL, {"OPTIONS": {}, "KEY_PREFIX": f"test-{uuid.uuid4().hex}"})


def test_it_reads_writes_and_counts_like_the_public_cache_expects(redis_cache):
    redis_cache.set("page", {"a": 1}, 30)
    assert redis_cache.get_many(["page", "missing"]) == {"page": {"a": 1}}
    assert redis_cache.add("version", 1, timeout=None)
    assert redis_cache.incr("version") == 2
    with pytest.raises(ValueError):
        redis_cache.incr("never-set")


def test_it_keeps_one_client_between_operations(redis_cache):
    first = redis_cache.client.get_client()
    redis_cache.get("x")
    assert redis_cache.client.get_client() is first
