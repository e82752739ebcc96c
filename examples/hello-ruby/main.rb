# A tiny Ruby program; distill build ships the host's Ruby and its standard library.
require "json"

puts "Hello from Distill (Ruby)!"
puts JSON.generate({ "features" => ARGV }) if ARGV.first == "features"
