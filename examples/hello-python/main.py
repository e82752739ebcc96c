"""A tiny Python program; distill build ships the interpreter and only the stdlib modules it imports."""
import json
import sys


def main() -> int:
    print("Hello from Distill (Python)!")
    if sys.argv[1:] == ["features"]:
        import socket
        from zoneinfo import ZoneInfo
        from datetime import datetime, timezone
        paris = datetime.fromtimestamp(0, timezone.utc).astimezone(ZoneInfo("Europe/Paris"))
        print(json.dumps({"localhost": socket.gethostbyname("localhost"), "paris_hour": paris.hour}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
