"""``python -m sale_amazon_sync.sandbox``: run the sandbox until Ctrl-C (demo, manual tests)."""
import argparse
import contextlib
import threading

from . import APP_CLIENT_ID, APP_CLIENT_SECRET, APP_ID, DEMO_REFRESH_TOKEN, DEMO_SELLER_ID
from .server import SandboxServer


def main(argv=None):
    """Parse the options, start the server, print how to reach it, wait for Ctrl-C."""
    parser = argparse.ArgumentParser(prog="python -m sale_amazon_sync.sandbox",
                                     description="Local Amazon SP-API sandbox.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--speed", type=float, default=1.0,
                        help="multiply Amazon's rate limits (refill rates) by this factor")
    parser.add_argument("--no-rate-limits", action="store_true", help="never answer 429")
    parser.add_argument("--no-seed", action="store_true",
                        help="start without the demo orders and listings")
    args = parser.parse_args(argv)
    server = SandboxServer(host=args.host, port=args.port, speed=args.speed,
                           rate_limits=not args.no_rate_limits, seed=not args.no_seed)
    server.start()
    # A command-line tool: what it prints is for the terminal, not a log.
    print(f"SP-API sandbox listening on {server.url}\n"  # pylint: disable=print-used
          f"  SP-API endpoint (every region): {server.url}\n"
          f"  LWA token endpoint:             {server.lwa_url}\n"
          f"  LWA client id:                  {APP_CLIENT_ID}\n"
          f"  LWA client secret:              {APP_CLIENT_SECRET}\n"
          f"  Application id:                 {APP_ID}\n"
          f"  Demo seller id:                 {DEMO_SELLER_ID}\n"
          f"  Demo refresh token:             {DEMO_REFRESH_TOKEN}\n"
          f"  Consent page: {server.url}/apps/authorize/consent?application_id={APP_ID}"
          f"&state=STATE&redirect_uri=URL\n"
          f"Press Ctrl-C to stop.", flush=True)
    try:
        with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C is the way to stop it
            threading.Event().wait()
    finally:
        server.stop()


if __name__ == "__main__":
    main()
