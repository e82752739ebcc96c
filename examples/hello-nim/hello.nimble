# Package
version       = "0.1.0"
author        = "Distill"
description   = "Hello from Distill in Nim"
license       = "MIT"
bin           = @["hello"]

requires "nim >= 1.6"
