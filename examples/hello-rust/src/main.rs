// A tiny Rust program that exercises the FROM-scratch pitfalls: name resolution, CA roots, time zones.
use std::net::ToSocketAddrs;

fn check(name: &str, ok: bool) -> u32 {
    println!("{name}: {}", if ok { "ok" } else { "FAILED" });
    u32::from(!ok)
}

fn main() {
    println!("Hello from Distill (Rust)!");
    if std::env::args().nth(1).as_deref() != Some("features") {
        return;
    }
    let resolved = ("localhost", 0).to_socket_addrs().map(|mut a| a.next().is_some()).unwrap_or(false);
    let roots = std::fs::read_to_string("/etc/ssl/certs/ca-certificates.crt").map(|s| s.matches("BEGIN CERTIFICATE").count()).unwrap_or(0);
    let failures = check("resolve localhost", resolved)
        + check("ca roots", roots > 0)
        + check("time zone Europe/Paris", std::path::Path::new("/usr/share/zoneinfo/Europe/Paris").exists());
    if failures == 0 {
        println!("all features ok");
    } else {
        println!("{failures} feature(s) failed");
        std::process::exit(1);
    }
}
