"""Finding (low): `client.showErrorDetails` was `full` (an employer saw a traceback with server
paths); no X-Frame-Options or CSP; nothing said how to serve over HTTPS."""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_served_app_shows_no_error_details():
    """The option as Streamlit itself reads it from the project's .streamlit/config.toml."""
    shown = subprocess.run(
        [
            sys.executable,
            "-c",
            "from streamlit import config; config.get_config_options("
            "force_reparse=True); print(config.get_option('client.showErrorDetails'))",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()[-1]
    assert shown == "none"


def test_the_deployment_guide_serves_https_with_security_headers():
    guide = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
    [nginx] = re.findall(r"```nginx\n(.*?)```", guide, re.S)
    for directive in (
        "listen 443 ssl",
        "ssl_certificate ",
        "return 301 https://",
        'X-Frame-Options "DENY"',
        "Content-Security-Policy",
        "frame-ancestors 'none'",
        "Strict-Transport-Security",
        "X-Content-Type-Options",
        "proxy_set_header Upgrade",
        "proxy_set_header X-Real-IP $remote_addr",
        "client_max_body_size",
    ):
        assert directive in nginx, directive
    assert "```caddy" in guide and "FANGGANG_TRUSTED_PROXY" in guide
