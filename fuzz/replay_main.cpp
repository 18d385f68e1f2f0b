// Replay driver for the fuzz targets when no fuzzing engine is linked (the GCC test build).
// Runs LLVMFuzzerTestOneInput on every file given (directories recursively) and on bounded,
// deterministic mutations of each (truncations, byte flips, splices), so that CTest exercises
// every parser with hostile variants of real inputs under ASan/UBSan.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

void run(const std::string& s) {
  LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(s.data()), s.size());
}

std::size_t mutate_and_run(const std::string& input, std::mt19937& rng, int rounds) {
  std::size_t runs = 0;
  run(input);
  ++runs;
  if (input.empty()) return runs;
  std::uniform_int_distribution<std::size_t> pos(0, input.size() - 1);
  std::uniform_int_distribution<int> byte(0, 255);
  const char interesting[] = {'"', '{', '}', '[', ']', ',', ':', '<', '>', '\\', '%', '@', '?',
                              '#', '/', '~', '-', '.', '0', '\0', '\n'};
  std::uniform_int_distribution<std::size_t> pick(0, sizeof interesting - 1);
  for (int i = 0; i < rounds; ++i) {
    std::string m = input;
    switch (i % 4) {
      case 0:
        m.resize(pos(rng));
        break;
      case 1:
        m[pos(rng)] = static_cast<char>(byte(rng));
        break;
      case 2:
        m[pos(rng)] = interesting[pick(rng)];
        break;
      case 3: {
        std::size_t a = pos(rng), b = pos(rng);
        if (a > b) std::swap(a, b);
        m.insert(a, input.substr(a, b - a));
        break;
      }
    }
    run(m);
    ++runs;
  }
  return runs;
}

}  // namespace

int main(int argc, char** argv) {
  std::mt19937 rng(20261129);
  std::size_t files = 0, runs = 0;
  int rounds = 200;
  std::vector<std::filesystem::path> inputs;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg.rfind("--rounds=", 0) == 0) {
      rounds = std::stoi(arg.substr(9));
      continue;
    }
    std::filesystem::path p(arg);
    if (std::filesystem::is_directory(p)) {
      for (const auto& e : std::filesystem::recursive_directory_iterator(p))
        if (e.is_regular_file()) inputs.push_back(e.path());
    } else {
      inputs.push_back(p);
    }
  }
  for (const auto& p : inputs) {
    std::ifstream in(p, std::ios::binary);
    std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    runs += mutate_and_run(data, rng, rounds);
    ++files;
  }
  std::printf("replayed %zu inputs from %zu files\n", runs, files);
  return files == 0 ? 1 : 0;
}
