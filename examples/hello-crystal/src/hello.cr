# A tiny Crystal program; distill build links it with --static.
puts "Hello from Distill (Crystal)!"
if ARGV.first? == "features"
  puts "time zone Europe/Paris: #{File.exists?("/usr/share/zoneinfo/Europe/Paris") ? "ok" : "FAILED"}"
end
