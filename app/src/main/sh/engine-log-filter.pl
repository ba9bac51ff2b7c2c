#!/usr/bin/perl
# Copies stdin (the JVM's stderr) to stderr as it arrives, chunk by chunk so progress lines ending in \r
# stay live, and moves libtorch's own warning lines ("[W1201 12:00:00.000 file.h:74] Warning: ...",
# written by C++ beneath any Java logging, such as "AutoNonVariableTypeMode is deprecated") to the log
# file named by the first argument. Used by the ./safeflow launcher.
use strict;
use warnings;

my $log_path = shift @ARGV or die "usage: engine-log-filter.pl LOG_FILE\n";
my $log;
while (sysread(STDIN, my $chunk, 65536)) {
    my @engine;
    $chunk =~ s/(?<![^\n\r])(\[W\d{4} \d\d:\d\d:\d\d\.\d+ [^\]\n]*\] Warning: [^\n]*\n)/push @engine, $1; ''/mge;
    if (@engine) {
        open($log, '>>', $log_path) or die "cannot append to $log_path: $!\n" unless $log;
        print $log @engine;
        $log->flush();
    }
    syswrite(STDERR, $chunk) if length $chunk;
}
