# A tiny Nim program; distill build links it statically with musl.
import std/os

echo "Hello from Distill (Nim)!"
if paramCount() > 0 and paramStr(1) == "features":
  echo "time zone Europe/Paris: ", (if fileExists("/usr/share/zoneinfo/Europe/Paris"): "ok" else: "FAILED")
