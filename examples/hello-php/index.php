<?php
// A tiny PHP program; distill build ships the host's PHP CLI, its extensions and ini files.
echo "Hello from Distill (PHP)!\n";
if (($argv[1] ?? '') === 'features') {
    echo json_encode(['localhost' => gethostbyname('localhost'), 'tz' => (new DateTime('@0'))->setTimezone(new DateTimeZone('Europe/Paris'))->format('H')]), "\n";
}
