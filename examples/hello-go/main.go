// A tiny Go program that exercises the FROM-scratch pitfalls: name resolution, CA roots, time zones.
package main

import (
	"crypto/x509"
	"fmt"
	"net"
	"os"
	"time"
)

func main() {
	fmt.Println("Hello from Distill (Go)!")
	if len(os.Args) < 2 || os.Args[1] != "features" {
		return
	}
	failures := 0
	if addrs, err := net.LookupHost("localhost"); err != nil || len(addrs) == 0 {
		fmt.Println("resolve localhost: FAILED", err)
		failures++
	} else {
		fmt.Println("resolve localhost:", addrs[0])
	}
	if pool, err := x509.SystemCertPool(); err != nil || len(pool.Subjects()) == 0 { //nolint:staticcheck // counting roots is enough here
		fmt.Println("ca roots: FAILED", err)
		failures++
	} else {
		fmt.Println("ca roots: ok")
	}
	if loc, err := time.LoadLocation("Europe/Paris"); err != nil {
		fmt.Println("time zone Europe/Paris: FAILED", err)
		failures++
	} else if time.Unix(0, 0).In(loc).Hour() != 1 {
		fmt.Println("time zone Europe/Paris: FAILED (wrong offset)")
		failures++
	} else {
		fmt.Println("time zone Europe/Paris: ok")
	}
	if failures == 0 {
		fmt.Println("all features ok")
		return
	}
	fmt.Printf("%d feature(s) failed\n", failures)
	os.Exit(1)
}
