/* A tiny C program that exercises the FROM-scratch pitfalls: name resolution, CA roots, time zones. */
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <arpa/inet.h>

static int resolve(const char *name)
{
    struct addrinfo hints = {0}, *res = NULL;
    hints.ai_family = AF_INET;
    if (getaddrinfo(name, NULL, &hints, &res) != 0 || res == NULL) {
        printf("resolve %s: FAILED\n", name);
        return 1;
    }
    char buf[INET_ADDRSTRLEN];
    inet_ntop(AF_INET, &((struct sockaddr_in *)res->ai_addr)->sin_addr, buf, sizeof buf);
    printf("resolve %s: %s\n", name, buf);
    freeaddrinfo(res);
    return 0;
}

static int ca_roots(void)
{
    const char *path = getenv("SSL_CERT_FILE");
    FILE *f = fopen(path ? path : "/etc/ssl/certs/ca-certificates.crt", "r");
    if (f == NULL) {
        printf("ca roots: FAILED\n");
        return 1;
    }
    int count = 0;
    char line[256];
    while (fgets(line, sizeof line, f))
        if (strncmp(line, "-----BEGIN CERTIFICATE-----", 27) == 0)
            count++;
    fclose(f);
    printf("ca roots: %s\n", count > 0 ? "ok" : "FAILED (empty)");
    return count > 0 ? 0 : 1;
}

static int timezone_paris(void)
{
    FILE *f = fopen("/usr/share/zoneinfo/Europe/Paris", "r");
    if (f == NULL) {
        printf("time zone Europe/Paris: FAILED\n");
        return 1;
    }
    fclose(f);
    setenv("TZ", "Europe/Paris", 1);
    tzset();
    time_t t = 0;
    struct tm tm;
    localtime_r(&t, &tm);
    printf("time zone Europe/Paris: %s\n", tm.tm_hour == 1 ? "ok" : "FAILED (wrong offset)");
    return tm.tm_hour == 1 ? 0 : 1;
}

int main(int argc, char **argv)
{
    printf("Hello from Distill!\n");
    if (argc > 1 && strcmp(argv[1], "features") == 0) {
        int failures = resolve("localhost") + ca_roots() + timezone_paris();
        printf(failures == 0 ? "all features ok\n" : "%d feature(s) failed\n", failures);
        return failures == 0 ? 0 : 1;
    }
    return 0;
}
