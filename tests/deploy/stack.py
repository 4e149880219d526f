"""The production stack on loopback, for the smoke test: static files collected as in the
image, gunicorn with production settings, and Debian's nginx running deploy/nginx.conf with its
placeholders filled in (as the official nginx image does in compose) and a fresh self-signed
certificate. Nothing of the machine's own nginx set-up is used."""

import http.client
import os
import re
import shutil
import ssl
import subprocess
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path

from tests.processes import PYTHON, ROOT, child_environ, free_port, port_open, wait_for

PROXY_CONFIG = ROOT / "deploy" / "nginx.conf"
HOST = "localhost"  # the public host name (ALLOWED_HOSTS, server_name, certificate)
PLACEHOLDER = re.compile(r"\$\{(PORTAL_[A-Z_]+)\}")


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def fill_in(text: str, values: dict) -> str:
    """What the nginx image's envsubst does: replace ${PORTAL_…}, leave nginx's $variables."""
    missing = placeholders(text) - values.keys()
    if missing:
        raise KeyError(f"No value for {sorted(missing)}")
    return PLACEHOLDER.sub(lambda match: str(values[match.group(1)]), text)


def make_certificate(directory: Path) -> tuple[Path, Path]:
    cert, key = directory / "fullchain.pem", directory / "privkey.pem"
    subject = ["-subj", f"/CN={HOST}", "-addext", f"subjectAltName=DNS:{HOST},IP:127.0.0.1"]
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-days", "1", *subject, "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return cert, key


def nginx_main_config(run: Path, portal_conf: Path) -> str:
    """The main context the official image's nginx.conf provides around conf.d/*.conf, with
    every path in `run` instead of the system's."""
    user = "user root root;" if os.geteuid() == 0 else ""  # workers must read the temp dirs
    return f"""
daemon off;
master_process on;
worker_processes 1;
pid {run}/nginx.pid;
error_log {run}/error.log info;
{user}
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    keepalive_timeout 65;
    access_log {run}/access.log;
    client_body_temp_path {run}/client_body;
    proxy_temp_path {run}/proxy;
    fastcgi_temp_path {run}/fastcgi;
    uwsgi_temp_path {run}/uwsgi;
    scgi_temp_path {run}/scgi;
    include {portal_conf};
}}
"""


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    def header(self, name: str) -> str | None:
        return self.headers.get(name)

    def cookies(self) -> dict:
        jar = SimpleCookie()
        for value in self.headers.get_all("Set-Cookie") or []:
            jar.load(value)
        return {name: morsel.value for name, morsel in jar.items()}


@dataclass
class Stack:
    http_port: int
    https_port: int
    web_port: int
    static_root: Path
    media_root: Path
    private_media_root: Path
    acme_root: Path
    certificate: Path
    gunicorn: object
    nginx: object

    @property
    def origin(self) -> str:
        return f"https://{HOST}:{self.https_port}"

    def request(
        self,
        method: str,
        path: str,
        *,
        https: bool = True,
        headers: dict | None = None,
        body: bytes | None = None,
        cookies: dict | None = None,
        source: str = "127.0.0.1",
        body_length: int | None = None,
    ) -> Response:
        """One request to nginx from the loopback address `source`. `body_length` announces a
        body that is never sent (the proxy must refuse it on the header alone)."""
        port = self.https_port if https else self.http_port
        if https:
            context = ssl.create_default_context(cafile=str(self.certificate))
            connection = http.client.HTTPSConnection(
                "127.0.0.1", port, context=context, source_address=(source, 0), timeout=30
            )
        else:
            connection = http.client.HTTPConnection(
                "127.0.0.1", port, source_address=(source, 0), timeout=30
            )
        all_headers = {"Host": f"{HOST}:{port}", **(headers or {})}
        if cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
        try:
            if body_length is not None:
                connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
                for name, value in {**all_headers, "Content-Length": body_length}.items():
                    connection.putheader(name, str(value))
                connection.endheaders()
            else:
                connection.request(method, path, body=body, headers=all_headers)
            response = connection.getresponse()
            return Response(response.status, response.headers, response.read())
        finally:
            connection.close()


def gunicorn_environ(connection, stack_dirs: dict, https_port: int) -> dict:
    return child_environ(
        connection,
        DJANGO_ALLOWED_HOSTS=HOST,
        DJANGO_TRUSTED_PROXY_HOPS=1,  # as compose sets it: nginx is the one hop
        PRIVATE_MEDIA_SERVING="x-accel",
        DJANGO_SERVE_MEDIA="false",
        SITE_URL=f"https://{HOST}:{https_port}",
        STATIC_ROOT=stack_dirs["static"],
        MEDIA_ROOT=stack_dirs["media"],
        PRIVATE_MEDIA_ROOT=stack_dirs["private-media"],
        LOG_LEVEL="INFO",
    )


def start_stack(start, connection, base: Path) -> Stack:
    """Start gunicorn and nginx with `start` (tests.processes.children) under `base`."""
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    dirs = {
        name: base / name
        for name in ("static", "media", "private-media", "acme", "run", "certs", "logs")
    }
    for directory in dirs.values():
        directory.mkdir(parents=True, exist_ok=True)
    http_port, https_port, web_port = free_port(), free_port(), free_port()
    env = gunicorn_environ(connection, dirs, https_port)

    # As the image build does (Dockerfile): compressed, fingerprinted static files.
    subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--no-input", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    gunicorn = [PYTHON, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{web_port}",
                "--workers", "2", "--access-logfile", "-", "--error-logfile", "-"]  # fmt: skip
    web = start(gunicorn, env=env, log=dirs["logs"] / "gunicorn.log")

    certificate, key = make_certificate(dirs["certs"])
    portal_conf = dirs["run"] / "portal.conf"
    portal_conf.write_text(
        fill_in(
            PROXY_CONFIG.read_text(),
            {
                "PORTAL_SERVER_NAME": HOST,
                "PORTAL_HTTP_LISTEN": f"127.0.0.1:{http_port}",
                "PORTAL_HTTPS_LISTEN": f"127.0.0.1:{https_port}",
                "PORTAL_PUBLIC_HTTPS_PORT": https_port,
                "PORTAL_UPSTREAM": f"127.0.0.1:{web_port}",
                "PORTAL_TLS_CERTIFICATE": certificate,
                "PORTAL_TLS_CERTIFICATE_KEY": key,
                "PORTAL_ACME_ROOT": dirs["acme"],
                "PORTAL_STATIC_ROOT": dirs["static"],
                "PORTAL_MEDIA_ROOT": dirs["media"],
                "PORTAL_PRIVATE_MEDIA_ROOT": dirs["private-media"],
            },
        )
    )
    main_conf = dirs["run"] / "nginx.conf"
    main_conf.write_text(nginx_main_config(dirs["run"], portal_conf))
    proxy = start(
        [nginx, "-p", str(dirs["run"]), "-c", str(main_conf), "-e", "stderr"],
        env={"PATH": os.environ.get("PATH", "/usr/sbin:/usr/bin:/bin")},
        log=dirs["logs"] / "nginx.log",
    )

    def ready(port, child):
        if not child.running:
            raise RuntimeError(f"{child.log.name} stopped:\n{child.output()}")
        return port_open(port)

    wait_for(lambda: ready(web_port, web), timeout=30, what=lambda: web.output())
    wait_for(lambda: ready(https_port, proxy), timeout=10, what=lambda: proxy.output())
    wait_for(lambda: ready(http_port, proxy), timeout=10, what=lambda: proxy.output())
    return Stack(
        http_port=http_port,
        https_port=https_port,
        web_port=web_port,
        static_root=dirs["static"],
        media_root=dirs["media"],
        private_media_root=dirs["private-media"],
        acme_root=dirs["acme"],
        certificate=certificate,
        gunicorn=web,
        nginx=proxy,
    )
