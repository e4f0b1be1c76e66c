from django.test import override_settings


def test_healthz_reports_database_and_redis(client, db):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "redis": "ok"}


def test_healthz_is_503_when_redis_is_down(client, db, unused_tcp_port):
    with override_settings(REDIS_URL=f"redis://127.0.0.1:{unused_tcp_port}/0"):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["redis"] == "ConnectionError"


def test_healthz_is_503_when_the_database_is_down(client, django_db_blocker, unused_tcp_port):
    from django.db import connection

    original = dict(connection.settings_dict)
    with django_db_blocker.unblock():
        connection.close()
        connection.settings_dict.update(HOST="127.0.0.1", PORT=unused_tcp_port)
        try:
            response = client.get("/healthz")
        finally:
            connection.close()
            connection.settings_dict.clear()
            connection.settings_dict.update(original)

    assert response.status_code == 503
    assert response.json()["database"] == "OperationalError"
