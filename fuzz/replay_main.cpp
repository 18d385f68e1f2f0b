// Replay driver for the fuzz targets when no fuzzing engine is linked (the GCC test build).
// Runs LLVMFuzzerTestOneInput on every file given (directories recursively) and on bounded,
// deterministic mutations of each (truncations, byte flips, splices), so that CTest exercises
// every parser with hostile variants of real inputs under ASan/UBSan.
//
// --seconds=N turns it into a blind (no coverage feedback) mutation campaign: after the replay,
// mutations are stacked (1-8 per input) on randomly chosen seeds until N seconds have passed.
// --artifact=PATH writes every input to PATH before running it, so that the input of a crash
// (an ASan abort ends the process) is left behind; --seed=N changes the random seed.
#include <chrono>
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

std::string artifact;  // --artifact=PATH

void run(const std::string& s) {
  if (!artifact.empty()) std::ofstream(artifact, std::ios::binary | std::ios::trunc) << s;
  LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(s.data()), s.size());
}

// One random mutation of m (the replay's four kinds plus nesting-oriented ones).
void mutate(std::string& m, const std::vector<std::string>& corpus, std::mt19937& rng) {
  if (m.empty()) {
    m = "[";
    return;
  }
  auto pos = [&] { return std::uniform_int_distribution<std::size_t>(0, m.size() - 1)(rng); };
  static const char interesting[] = {'"',  '{',  '}',  '[', ']', ',', ':', '<', '>',
                                     '\\', '%',  '@',  '?', '#', '/', '~', '-', '.',
                                     '0',  '\0', '\n', ' ', '&', '*', '|'};
  switch (std::uniform_int_distribution<int>(0, 7)(rng)) {
    case 0:
      m.resize(pos());
      break;
    case 1:
      m[pos()] = static_cast<char>(std::uniform_int_distribution<int>(0, 255)(rng));
      break;
    case 2:
      m[pos()] =
          interesting[std::uniform_int_distribution<std::size_t>(0, sizeof interesting - 1)(rng)];
      break;
    case 3: {  // duplicate a slice (repetition, nesting)
      std::size_t a = pos(), b = pos();
      if (a > b) std::swap(a, b);
      if (m.size() + (b - a) < (1u << 20)) m.insert(a, m.substr(a, b - a));
      break;
    }
    case 4:
      m.erase(pos(), std::uniform_int_distribution<std::size_t>(1, 16)(rng));
      break;
    case 5: {  // splice in a piece of another seed
      const std::string& o =
          corpus[std::uniform_int_distribution<std::size_t>(0, corpus.size() - 1)(rng)];
      if (o.empty()) break;
      std::size_t a = std::uniform_int_distribution<std::size_t>(0, o.size() - 1)(rng);
      std::size_t n = std::uniform_int_distribution<std::size_t>(1, 64)(rng);
      m.insert(pos(), o.substr(a, n));
      break;
    }
    case 6: {  // insert a run of one interesting byte
      char c =
          interesting[std::uniform_int_distribution<std::size_t>(0, sizeof interesting - 1)(rng)];
      m.insert(pos(), std::string(std::uniform_int_distribution<std::size_t>(1, 300)(rng), c));
      break;
    }
    default: {  // swap two bytes
      std::swap(m[pos()], m[pos()]);
      break;
    }
  }
}

std::size_t mutate_and_run(const std::string& input, std::mt19937& rng, int rounds) {
  std::size_t runs = 0;
  run(input);
  ++runs;
  if (input.empty()) return runs;
  std::uniform_int_distribution<std::size_t> pos(0, input.size() - 1);
  std::uniform_int_distribution<int> byte(0, 255);
  const char interesting[] = {'"', '{', '}', '[', ']', ',', ':', '<', '>',  '\\', '%',
                              '@', '?', '#', '/', '~', '-', '.', '0', '\0', '\n'};
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
  int seconds = 0;
  std::vector<std::filesystem::path> inputs;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg.rfind("--rounds=", 0) == 0) {
      rounds = std::stoi(arg.substr(9));
      continue;
    }
    if (arg.rfind("--seconds=", 0) == 0) {
      seconds = std::stoi(arg.substr(10));
      continue;
    }
    if (arg.rfind("--artifact=", 0) == 0) {
      artifact = arg.substr(11);
      continue;
    }
    if (arg.rfind("--seed=", 0) == 0) {
      rng.seed(static_cast<unsigned>(std::stoul(arg.substr(7))));
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
  std::vector<std::string> corpus;
  for (const auto& p : inputs) {
    std::ifstream in(p, std::ios::binary);
    std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    runs += mutate_and_run(data, rng, rounds);
    ++files;
    if (seconds > 0) corpus.push_back(std::move(data));
  }
  std::printf("replayed %zu inputs from %zu files\n", runs, files);
  if (seconds > 0 && !corpus.empty()) {
    const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    std::size_t execs = 0;
    while (std::chrono::steady_clock::now() < end) {
      std::string m = corpus[std::uniform_int_distribution<std::size_t>(0, corpus.size() - 1)(rng)];
      for (int k = std::uniform_int_distribution<int>(1, 8)(rng); k > 0; --k)
        mutate(m, corpus, rng);
      run(m);
      ++execs;
    }
    std::printf("campaign: %zu executions in %d s over %zu seeds, no crash\n", execs, seconds,
                corpus.size());
  }
  return files == 0 ? 1 : 0;
}
