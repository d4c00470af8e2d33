#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "engine/ingest/intake_journal.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/temp_dir.hpp"

using namespace std::chrono_literals;
using aegis::ingest::IntakeJournal;
using aegis::ingest::JournalError;
using aegis::ingest::JournalFull;
using aegis::ingest::JournalOptions;
namespace fs = std::filesystem;

namespace {

constexpr const char* kKilledChildTest = "Intake journal child process for the SIGKILL test";
constexpr int kKilledRecords = 300;

struct Record {
  std::uint64_t seq = 0;
  std::string topic;
  std::string payload;
  bool operator==(const Record&) const = default;
};

std::vector<Record> replayed(const IntakeJournal& journal) {
  std::vector<Record> records;
  journal.replay([&](std::uint64_t seq, std::string_view topic, std::string_view payload) {
    records.push_back({seq, std::string(topic), std::string(payload)});
  });
  return records;
}

// Binary on purpose: NULs and high bytes must come back as they went in.
std::string payload_for(int i, std::size_t filler = 0) {
  std::string payload("\0{\"seq\":", 8);
  payload += std::to_string(i);
  payload.push_back('\0');
  payload.push_back(static_cast<char>(0xFF));
  payload.append(filler, static_cast<char>('a' + i % 26));
  return payload;
}

std::string topic_for(int i) { return "plant/line" + std::to_string(i % 3) + "/telemetry"; }

// Appends records first_seq.. and returns what replay should give back.
std::vector<Record> append_records(IntakeJournal& journal, int first, int count, std::size_t filler = 0) {
  std::vector<Record> records;
  for (int i = first; i < first + count; ++i) {
    const auto seq = journal.append(topic_for(i), payload_for(i, filler));
    records.push_back({seq, topic_for(i), payload_for(i, filler)});
  }
  return records;
}

std::vector<fs::path> segment_files(const fs::path& dir) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.path().extension() == ".journal") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

JournalOptions small_segments(const aegis::test::TempDir& dir) { return {.dir = dir / "journal", .segment_bytes = 4096}; }

// The record layout is part of the contract (intake_journal.hpp): walk it to
// find where the last record of a segment starts.
std::size_t last_record_offset(const std::string& segment) {
  std::size_t offset = 64, last = 0;
  for (;;) {
    std::uint32_t length = 0;
    std::memcpy(&length, segment.data() + offset, sizeof length);
    if (length == 0) return last;
    last = offset;
    offset += (8 + length + 7) / 8 * 8;
  }
}

// The message of the exception `make` throws, checked to be a JournalError.
template <class Make>
std::string journal_error_of(Make make) {
  try {
    make();
  } catch (const JournalError& error) {
    return error.what();
  }
  FAIL("no JournalError");
  return {};
}

}  // namespace

TEST_CASE("Intake journal gives back every record, byte for byte and in order, after reopening", "[ingest][journal]") {
  aegis::test::TempDir dir;
  const JournalOptions options{.dir = dir / "journal"};
  std::vector<Record> expected;
  {
    IntakeJournal journal(options);
    CHECK(replayed(journal).empty());
    expected = append_records(journal, 1, 50);
    for (std::size_t i = 0; i < expected.size(); ++i) CHECK(expected[i].seq == i + 1);
    CHECK(journal.append("", "") == 51);  // empty topic and payload are records too
    expected.push_back({51, "", ""});
    journal.sync();
    CHECK(journal.stats().appended == 51);
  }
  IntakeJournal reopened(options);
  CHECK(replayed(reopened) == expected);
  const auto stats = reopened.stats();
  CHECK(stats.replayable_at_open == 51);
  CHECK(stats.last_seq == 51);
  CHECK(stats.appended == 0);
  CHECK(stats.segments == 1);
  CHECK(stats.bytes_on_disk == 16u << 20);
  // Appends go on from the last seq, into a segment of their own.
  CHECK(reopened.append("t", "p") == 52);
  CHECK(reopened.stats().segments == 2);
  CHECK(replayed(reopened) == expected);  // only what was found at open
}

TEST_CASE("Intake journal replays only what is above the committed watermark", "[ingest][journal]") {
  aegis::test::TempDir dir;
  const auto options = small_segments(dir);
  std::vector<Record> expected;
  {
    IntakeJournal journal(options);
    expected = append_records(journal, 1, 10);
    journal.committed_through(6);
    journal.committed_through(4);  // the watermark never goes back
    CHECK(journal.stats().committed_through == 6);
  }
  {
    IntakeJournal reopened(options);
    CHECK(reopened.stats().committed_through == 6);
    CHECK(reopened.stats().replayable_at_open == 4);
    std::vector<Record> seen;
    // The visitor may call back into the journal: replay holds no lock while it runs.
    reopened.replay([&](std::uint64_t seq, std::string_view topic, std::string_view payload) {
      seen.push_back({seq, std::string(topic), std::string(payload)});
      reopened.committed_through(seq);
    });
    CHECK(seen == std::vector<Record>(expected.begin() + 6, expected.end()));
    CHECK(reopened.stats().committed_through == 10);
    // A watermark beyond the last seq appended is clamped: it must not cover future messages.
    reopened.committed_through(1000);
    CHECK(reopened.stats().committed_through == 10);
    CHECK(reopened.append("t", "late") == 11);
    reopened.sync();
  }
  IntakeJournal again(options);
  CHECK(replayed(again) == std::vector<Record>{{11, "t", "late"}});
}

TEST_CASE("Intake journal starts new segments and deletes the ones wholly committed", "[ingest][journal]") {
  aegis::test::TempDir dir;
  const auto options = small_segments(dir);
  std::vector<Record> expected;
  {
    IntakeJournal journal(options);
    expected = append_records(journal, 1, 100, 200);  // 15 records of 256 bytes per 4 KiB segment
    const auto files = segment_files(options.dir);
    REQUIRE(files.size() >= 5);
    CHECK(files.front().filename() == "intake-00000000000000000001.journal");
    CHECK(journal.stats().segments == files.size());
    CHECK(journal.stats().bytes_on_disk == files.size() * 4096);

    journal.committed_through(50);
    const auto after_50 = segment_files(options.dir).size();
    CHECK(after_50 < files.size());
    CHECK(after_50 > 1);
    CHECK(journal.stats().segments == after_50);
    journal.sync();
  }
  {
    IntakeJournal reopened(options);
    CHECK(replayed(reopened) == std::vector<Record>(expected.begin() + 50, expected.end()));
    // Everything committed: only the newest segment stays, for the watermark and the seqs.
    reopened.committed_through(100);
    CHECK(segment_files(options.dir).size() == 1);
    CHECK(replayed(reopened).empty());
    CHECK(reopened.append("t", "p") == 101);
    reopened.committed_through(101);
    CHECK(segment_files(options.dir) ==
          std::vector<fs::path>{options.dir / "intake-00000000000000000101.journal"});
    reopened.sync();
  }
  IntakeJournal again(options);
  CHECK(replayed(again).empty());
  CHECK(again.stats().committed_through == 101);
  CHECK(again.append("t", "p") == 102);
}

TEST_CASE("Intake journal stops reading a segment at a torn record and appends after it", "[ingest][journal]") {
  aegis::test::TempDir dir;
  const auto options = small_segments(dir);
  std::vector<Record> expected;
  {
    IntakeJournal journal(options);
    expected = append_records(journal, 1, 10);
  }
  const fs::path segment = options.dir / "intake-00000000000000000001.journal";
  std::string bytes = aegis::test::read_file(segment);
  const std::size_t last = last_record_offset(bytes);
  REQUIRE(last > 64);

  SECTION("a length word never written (killed mid-append)") {
    std::memset(bytes.data() + last, 0, 4);
    aegis::test::write_file(segment, bytes);
  }
  SECTION("a payload byte changed (a torn page after a power cut)") {
    bytes[last + 8 + 10 + topic_for(10).size() + 3] ^= 0x01;
    aegis::test::write_file(segment, bytes);
  }
  SECTION("the file cut inside the record") {
    fs::resize_file(segment, last + 20);
  }
  expected.pop_back();
  {
    IntakeJournal reopened(options);
    CHECK(replayed(reopened) == expected);
    CHECK(reopened.stats().replayable_at_open == 9);
    CHECK(reopened.append("t", "again") == 10);  // the torn record's seq was never acknowledged
    expected.push_back({10, "t", "again"});
  }
  IntakeJournal again(options);
  CHECK(replayed(again) == expected);
}

TEST_CASE("Intake journal gives a record larger than a segment a segment of its own size", "[ingest][journal]") {
  aegis::test::TempDir dir;
  const auto options = small_segments(dir);
  std::vector<Record> expected;
  {
    IntakeJournal journal(options);
    expected = append_records(journal, 1, 1);
    const auto big = append_records(journal, 2, 1, 10000);
    expected.insert(expected.end(), big.begin(), big.end());
    const auto after = append_records(journal, 3, 1);
    expected.insert(expected.end(), after.begin(), after.end());
    // The big one's segment, rounded up to pages, has room left for the last.
    CHECK(segment_files(options.dir).size() == 2);
    CHECK(journal.stats().bytes_on_disk >= 4096 + 10000);
  }
  IntakeJournal reopened(options);
  CHECK(replayed(reopened) == expected);
}

TEST_CASE("Intake journal says which folder or file it cannot use", "[ingest][journal]") {
  aegis::test::TempDir dir;

  SECTION("a folder that cannot be created") {
    aegis::test::write_file(dir / "plain-file", "x");
    const fs::path folder = dir / "plain-file" / "journal";
    const auto message = journal_error_of([&] { IntakeJournal journal({.dir = folder}); });
    CHECK_THAT(message, Catch::Contains(folder.string()));
  }
  SECTION("a segment with a wrong magic") {
    fs::create_directories(dir / "journal");
    const fs::path segment = dir / "journal" / "intake-00000000000000000001.journal";
    aegis::test::write_file(segment, "NOTAJRNL" + std::string(4088, '\0'));
    const auto message = journal_error_of([&] { IntakeJournal journal({.dir = dir / "journal"}); });
    CHECK_THAT(message, Catch::Contains(segment.string()) && Catch::Contains("magic"));
  }
  SECTION("a segment whose header was never written is read as empty") {
    // Created, then killed before its header was stored: not an error.
    fs::create_directories(dir / "journal");
    aegis::test::write_file(dir / "journal" / "intake-00000000000000000007.journal", std::string(4096, '\0'));
    aegis::test::write_file(dir / "journal" / "intake-00000000000000000009.journal", "");
    IntakeJournal journal({.dir = dir / "journal"});
    CHECK(replayed(journal).empty());
    CHECK(journal.append("t", "p") == 10);  // above every name: none is reused
  }
}

TEST_CASE("Intake journal refuses an append it has no room for, and goes on once there is", "[ingest][journal]") {
  // A file size limit makes fallocate fail as a full disk would (EFBIG).
  struct FileSizeLimit {
    rlimit saved{};
    void (*saved_handler)(int) = nullptr;
    explicit FileSizeLimit(rlim_t bytes) {
      ::getrlimit(RLIMIT_FSIZE, &saved);
      saved_handler = ::signal(SIGXFSZ, SIG_IGN);  // the default ends the process
      rlimit limit = saved;
      limit.rlim_cur = bytes;
      ::setrlimit(RLIMIT_FSIZE, &limit);
    }
    ~FileSizeLimit() {
      ::setrlimit(RLIMIT_FSIZE, &saved);
      ::signal(SIGXFSZ, saved_handler);
    }
  };
  aegis::test::TempDir dir;
  const auto options = small_segments(dir);
  IntakeJournal journal(options);
  CHECK(journal.append("t", "first") == 1);
  {
    FileSizeLimit limit(64 * 1024);
    CHECK_THROWS_AS(journal.append("t", std::string(100 * 1024, 'x')), JournalFull);
  }
  CHECK(segment_files(options.dir).size() == 1);  // the failed segment was removed
  CHECK(journal.append("t", "next") == 2);        // the refused message took no seq
}

// Run only as the child of the next test (hidden from normal runs).
TEST_CASE(kKilledChildTest, "[.]") {
  const char* folder = std::getenv("AEGIS_TEST_JOURNAL_DIR");
  if (!folder) return;
  IntakeJournal journal({.dir = folder, .segment_bytes = 16384});
  append_records(journal, 1, kKilledRecords, 100);
  ::raise(SIGKILL);  // no sync(), no destructor: only the page cache has the records
}

TEST_CASE("Intake journal keeps what a process killed with SIGKILL appended", "[ingest][journal]") {
  aegis::test::TempDir dir;
  const fs::path folder = dir / "journal";
  aegis::test::ChildProcess child({"/proc/self/exe", kKilledChildTest}, dir / "child.log",
                                  {{"AEGIS_TEST_JOURNAL_DIR", folder.string()}});
  const auto exit_code = child.wait(30s);
  INFO(child.log());
  REQUIRE(exit_code == 128 + SIGKILL);

  IntakeJournal journal({.dir = folder, .segment_bytes = 16384});
  const auto records = replayed(journal);
  REQUIRE(records.size() == kKilledRecords);
  for (int i = 0; i < kKilledRecords; ++i) {
    CHECK(records[i].seq == static_cast<std::uint64_t>(i + 1));
    CHECK(records[i].topic == topic_for(i + 1));
    CHECK(records[i].payload == payload_for(i + 1, 100));
  }
  CHECK(segment_files(folder).size() > 1);  // the child started segments as it went
  CHECK(journal.append("t", "p") == kKilledRecords + 1);
}
