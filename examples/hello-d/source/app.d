// A tiny D program; distill build links druntime and Phobos statically with ldc2 -static.
import std.stdio;

void main(string[] args)
{
    writeln("Hello from Distill (D)!");
    if (args.length > 1 && args[1] == "features")
        writeln("args: ", args.length - 1);
}
