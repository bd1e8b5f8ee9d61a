"""The real servers: the health check, the Celery broker and the cache."""

import uuid

import pytest
from django.core.cache import cache
from django.urls import reverse

from yuhang_cac.celery import app


@pytest.mark.django_db
def test_healthz_answers_when_the_database_does(client):
    response = client.get(reverse("healthz"))
    assert (response.status_code, response.content) == (200, b"ok\n")


def test_a_message_goes_through_the_broker_and_back():
    name = f"test-{uuid.uuid4().hex}"
    with app.connection_for_write() as connection:
        queue = connection.SimpleQueue(name)
        try:
            queue.put({"ping": name})
            message = queue.get(timeout=10)
            message.ack()
            assert message.payload == {"ping": name}
        finally:
            queue.queue.delete()
            queue.close()


@pytest.mark.redis
def test_the_cache_is_redis_and_works(settings):
    assert "RedisCache" in settings.CACHES["default"]["BACKEND"]
    key = f"test-{uuid.uuid4().hex}"
    cache.set(key, "值", 30)
    assert cache.get(key) == "值"
    cache.delete(key)
