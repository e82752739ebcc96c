// A tiny C++ program: iostream and std::string pull in libstdc++, which -static links in.
#include <iostream>
#include <string>
#include <vector>

int main(int argc, char **argv)
{
    std::vector<std::string> args(argv, argv + argc);
    std::cout << "Hello from Distill (C++)!" << std::endl;
    if (args.size() > 1 && args[1] == "features") {
        std::cout << "args: " << args.size() - 1 << std::endl;
    }
    return 0;
}
