#include "engine/ingest/intake_journal.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <string>
#include <system_error>
#include <utility>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine/common/file_descriptor.hpp"

namespace aegis::ingest {
namespace {

static_assert(std::endian::native == std::endian::little, "segments hold little-endian integers");
// The length word and the watermark are shared with the page cache and read
// by the next process: only lock-free atomics are plain memory.
static_assert(std::atomic_ref<std::uint32_t>::is_always_lock_free);
static_assert(std::atomic_ref<std::uint64_t>::is_always_lock_free);

constexpr char kMagic[8] = {'A', 'E', 'G', 'I', 'S', 'J', '0', '1'};
constexpr std::uint32_t kVersion = 1;

// Header offsets.
constexpr std::size_t kHeaderBytes = 64;
constexpr std::size_t kVersionAt = 8;
constexpr std::size_t kFirstSeqAt = 16;
constexpr std::size_t kCommittedAt = 24;

// Record layout: [u32 length][u32 crc] then the body [u64 seq][u16 topic length][topic][payload].
constexpr std::size_t kRecordPrefix = 8;
constexpr std::size_t kBodyFixed = 10;
constexpr std::size_t kMaxBody = 0xFFFFFFF0u;  // fits the u32 length, with room for the padding
constexpr std::size_t kMinSegmentBytes = 4096;

constexpr std::string_view kNamePrefix = "intake-";
constexpr std::string_view kNameSuffix = ".journal";
constexpr std::size_t kSeqDigits = 20;  // the most a u64 has

constexpr std::size_t align8(std::size_t n) { return (n + 7) & ~std::size_t{7}; }
std::size_t round_up(std::size_t n, std::size_t unit) { return (n + unit - 1) / unit * unit; }
// glibc answers from the auxiliary vector: no system call.
std::size_t page_size() { return static_cast<std::size_t>(::sysconf(_SC_PAGESIZE)); }

// CRC-32 (IEEE 802.3, as zlib's), byte at a time from a table built at compile time.
constexpr std::array<std::uint32_t, 256> make_crc_table() {
  std::array<std::uint32_t, 256> table{};
  for (std::uint32_t i = 0; i < 256; ++i) {
    std::uint32_t c = i;
    for (int bit = 0; bit < 8; ++bit) c = (c & 1u) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    table[i] = c;
  }
  return table;
}
constexpr std::array<std::uint32_t, 256> kCrcTable = make_crc_table();

constexpr std::uint32_t crc32(std::string_view bytes) {
  std::uint32_t crc = 0xFFFFFFFFu;
  for (const char ch : bytes) crc = kCrcTable[(crc ^ static_cast<unsigned char>(ch)) & 0xFFu] ^ (crc >> 8);
  return ~crc;
}
static_assert(crc32("123456789") == 0xCBF43926u, "the standard CRC-32 check value");

std::string_view bytes_at(const std::byte* at, std::size_t size) {
  return {reinterpret_cast<const char*>(at), size};
}

std::atomic_ref<std::uint32_t> length_word(std::byte* at) {
  return std::atomic_ref<std::uint32_t>(*reinterpret_cast<std::uint32_t*>(at));
}
std::atomic_ref<std::uint64_t> u64_slot(std::byte* at) {
  return std::atomic_ref<std::uint64_t>(*reinterpret_cast<std::uint64_t*>(at));
}

template <class T>
T load(const std::byte* at) {
  T value;
  std::memcpy(&value, at, sizeof value);
  return value;
}

std::string reason(int error) { return std::strerror(error); }

using files::FileDescriptor;

// Unmaps the mapping. Empty (null) for a file too short to hold a header.
class Mapping {
 public:
  Mapping() = default;
  // Throws JournalError naming `path`.
  Mapping(int fd, std::size_t size, const std::filesystem::path& path) : size_(size) {
    void* at = ::mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (at == MAP_FAILED) {
      const int error = errno;
      throw JournalError("cannot map intake journal segment " + path.string() + ": " + reason(error));
    }
    base_ = static_cast<std::byte*>(at);
  }
  ~Mapping() {
    if (base_) ::munmap(base_, size_);
  }
  Mapping(Mapping&& other) noexcept
      : base_(std::exchange(other.base_, nullptr)), size_(std::exchange(other.size_, 0)) {}
  Mapping& operator=(Mapping&&) = delete;
  Mapping(const Mapping&) = delete;
  Mapping& operator=(const Mapping&) = delete;
  std::byte* base() const { return base_; }
  std::size_t size() const { return size_; }

 private:
  std::byte* base_ = nullptr;
  std::size_t size_ = 0;
};

// Removes a segment file being created unless it was completed.
class RemoveUnlessKept {
 public:
  explicit RemoveUnlessKept(const std::filesystem::path& path) : path_(path) {}
  ~RemoveUnlessKept() {
    if (armed_) ::unlink(path_.c_str());
  }
  RemoveUnlessKept(const RemoveUnlessKept&) = delete;
  RemoveUnlessKept& operator=(const RemoveUnlessKept&) = delete;
  void keep() { armed_ = false; }

 private:
  const std::filesystem::path& path_;
  bool armed_ = true;
};

std::string segment_name(std::uint64_t first_seq) {
  std::string digits = std::to_string(first_seq);
  return std::string(kNamePrefix) + std::string(kSeqDigits - digits.size(), '0') + digits + std::string(kNameSuffix);
}

// The first seq in a segment's name; nothing for other files.
std::optional<std::uint64_t> parse_segment_name(std::string_view name) {
  if (name.size() != kNamePrefix.size() + kSeqDigits + kNameSuffix.size() || !name.starts_with(kNamePrefix) ||
      !name.ends_with(kNameSuffix))
    return std::nullopt;
  const std::string_view digits = name.substr(kNamePrefix.size(), kSeqDigits);
  if (!std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) return std::nullopt;
  std::uint64_t seq = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), seq);
  if (error != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  return seq;
}

bool no_room(int error) { return error == ENOSPC || error == EDQUOT || error == EFBIG; }

struct ScanEnd {
  std::size_t end = kHeaderBytes;  // just past the last valid record
  std::uint64_t last_seq = 0;      // 0: no valid record
};

// Walks the valid records of a mapped segment, stopping at the end mark or
// at the first record that is torn, corrupt or out of order.
template <class Visit>
ScanEnd scan_records(std::byte* base, std::size_t size, std::uint64_t first_seq, Visit&& visit) {
  ScanEnd scanned;
  std::uint64_t previous = first_seq > 0 ? first_seq - 1 : 0;
  std::size_t offset = kHeaderBytes;
  while (offset <= size && size - offset >= kRecordPrefix + kBodyFixed) {
    // Acquire pairs with append()'s release: the body is there if the length is.
    const std::size_t length = length_word(base + offset).load(std::memory_order_acquire);
    if (length < kBodyFixed || length > size - offset - kRecordPrefix) break;  // 0 is the end mark
    const std::byte* body = base + offset + kRecordPrefix;
    if (crc32(bytes_at(body, length)) != load<std::uint32_t>(base + offset + 4)) break;
    const auto seq = load<std::uint64_t>(body);
    const std::size_t topic_length = load<std::uint16_t>(body + 8);
    if (seq <= previous || kBodyFixed + topic_length > length) break;
    visit(seq, bytes_at(body + kBodyFixed, topic_length),
          bytes_at(body + kBodyFixed + topic_length, length - kBodyFixed - topic_length));
    previous = scanned.last_seq = seq;
    // A file cut inside the padding still ends with this record.
    scanned.end = std::min(offset + align8(kRecordPrefix + length), size);
    offset = scanned.end;
  }
  return scanned;
}

// Writes a header, the magic last: a kill before it leaves a blank header,
// which is read as a segment without a watermark rather than refused.
void stamp_header(std::byte* base, std::uint64_t first_seq, std::uint64_t committed) {
  std::memcpy(base + kVersionAt, &kVersion, sizeof kVersion);
  std::memcpy(base + kFirstSeqAt, &first_seq, sizeof first_seq);
  u64_slot(base + kCommittedAt).store(committed, std::memory_order_relaxed);
  std::uint64_t magic = 0;
  std::memcpy(&magic, kMagic, sizeof magic);
  u64_slot(base).store(magic, std::memory_order_release);
}

// Creates the folder if needed and opens it. Throws JournalError naming it.
int open_folder(const std::filesystem::path& path) {
  std::error_code error;
  std::filesystem::create_directories(path, error);
  if (error) throw JournalError("cannot create the intake journal folder " + path.string() + ": " + error.message());
  FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() < 0) {
    const int open_error = errno;
    throw JournalError("cannot open the intake journal folder " + path.string() + ": " + reason(open_error));
  }
  // Found now rather than at the first append, minutes later, in the receive thread.
  if (::faccessat(fd.get(), ".", W_OK | X_OK, 0) != 0) {
    const int access_error = errno;
    throw JournalError("cannot write in the intake journal folder " + path.string() + ": " + reason(access_error));
  }
  return fd.release();
}

}  // namespace

class IntakeJournal::Folder {
 public:
  explicit Folder(std::filesystem::path path) : path_(std::move(path)), fd_(open_folder(path_)) {}
  const std::filesystem::path& path() const { return path_; }
  int fd() const { return fd_.get(); }

 private:
  const std::filesystem::path path_;
  const FileDescriptor fd_;
};

struct IntakeJournal::Segment {
  // The descriptor is not kept: the mapping holds the file open, and
  // deleting goes by name.
  Segment(std::filesystem::path file, std::uint64_t first, Mapping mapped, std::size_t bytes)
      : path(std::move(file)), first_seq(first), mapping(std::move(mapped)), size(bytes) {}

  std::byte* base() const { return mapping.base(); }

  const std::filesystem::path path;
  const std::uint64_t first_seq;
  const Mapping mapping;  // empty for a file shorter than a header: no records, no watermark slot
  const std::size_t size;
  // The rest is guarded by IntakeJournal::mutex_.
  std::size_t end = kHeaderBytes;  // past the last record: where the next append goes
  std::size_t synced_end = 0;      // sync() flushed everything below this
  std::uint64_t last_seq = 0;      // the highest record seq; 0: none
  bool header_dirty = false;       // the watermark changed since sync() flushed the header
  bool found_at_open = false;      // replay() reads it
};

IntakeJournal::IntakeJournal(JournalOptions options) : options_(std::move(options)) {
  if (options_.dir.empty()) throw std::invalid_argument("the intake journal needs a folder");
  if (options_.segment_bytes < kMinSegmentBytes)
    throw std::invalid_argument("intake journal segments must hold at least " + std::to_string(kMinSegmentBytes) +
                                " bytes");
  folder_ = std::make_unique<Folder>(options_.dir);
  load_segments();
}

IntakeJournal::~IntakeJournal() {
  try {
    sync();
  } catch (...) {
    // The page cache still has everything; only a power cut before the
    // kernel's own write-back could lose it, as it could a moment ago.
  }
}

void IntakeJournal::load_segments() {
  std::vector<std::pair<std::uint64_t, std::filesystem::path>> files;
  std::error_code error;
  for (std::filesystem::directory_iterator it(folder_->path(), error), end; !error && it != end; it.increment(error)) {
    if (const auto first_seq = parse_segment_name(it->path().filename().string()))
      files.emplace_back(*first_seq, it->path());
  }
  if (error) throw JournalError("cannot list the intake journal folder " + folder_->path().string() + ": " + error.message());
  std::sort(files.begin(), files.end());

  // Headers first: the watermark, the highest of any, decides what is replayable.
  std::uint64_t highest = 0;  // seq, first seq or watermark: the next seq goes above all of them
  for (const auto& [first_seq, path] : files) {
    FileDescriptor fd(::open(path.c_str(), O_RDWR | O_CLOEXEC));
    if (fd.get() < 0) {
      const int error_number = errno;
      throw JournalError("cannot open intake journal segment " + path.string() + ": " + reason(error_number));
    }
    struct stat status {};
    if (::fstat(fd.get(), &status) != 0) {
      const int error_number = errno;
      throw JournalError("cannot read the size of intake journal segment " + path.string() + ": " +
                         reason(error_number));
    }
    const auto size = static_cast<std::size_t>(status.st_size);
    // A file cut short by a crash while it was being created: no records, but
    // it keeps its first seq (the name) and is deleted like any other.
    Mapping mapping = size >= kHeaderBytes ? Mapping(fd.get(), size, path) : Mapping();
    if (std::byte* base = mapping.base()) {
      if (std::any_of(base, base + sizeof kMagic, [](std::byte b) { return b != std::byte{0}; })) {
        if (std::memcmp(base, kMagic, sizeof kMagic) != 0)
          throw JournalError("intake journal segment " + path.string() + " is not a journal segment (wrong magic)");
        if (const auto version = load<std::uint32_t>(base + kVersionAt); version != kVersion)
          throw JournalError("intake journal segment " + path.string() + " has format version " +
                             std::to_string(version) + "; this build reads version " + std::to_string(kVersion));
        if (const auto header_seq = load<std::uint64_t>(base + kFirstSeqAt); header_seq != first_seq)
          throw JournalError("intake journal segment " + path.string() + " says its first seq is " +
                             std::to_string(header_seq) + ", its name " + std::to_string(first_seq));
        committed_ = std::max(committed_, u64_slot(base + kCommittedAt).load(std::memory_order_acquire));
      }
    }
    const bool blank = mapping.base() && std::all_of(mapping.base(), mapping.base() + sizeof kMagic,
                                                     [](std::byte b) { return b == std::byte{0}; });
    if (blank) stamp_header(mapping.base(), first_seq, 0);  // so that a watermark stored there counts
    auto segment = std::make_shared<Segment>(path, first_seq, std::move(mapping), size);
    segment->found_at_open = true;
    segments_.push_back(std::move(segment));
    highest = std::max(highest, first_seq);
  }

  for (const auto& segment : segments_) {
    if (!segment->base()) continue;
    const ScanEnd scanned = scan_records(segment->base(), segment->size, segment->first_seq,
                                         [&](std::uint64_t seq, std::string_view, std::string_view) {
                                           if (seq > committed_) ++replayable_at_open_;
                                         });
    segment->end = scanned.end;
    // After a kill -9 the records may be in the page cache only: the first sync() flushes them.
    segment->synced_end = 0;
    segment->last_seq = scanned.last_seq;
    highest = std::max(highest, scanned.last_seq);
  }
  next_seq_ = std::max(highest, committed_) + 1;
  folder_dirty_ = !segments_.empty();  // so may their names be
}

void IntakeJournal::start_segment(std::size_t record_bytes) {
  const std::uint64_t first_seq = next_seq_;
  const std::size_t needed = kHeaderBytes + record_bytes;
  const std::size_t size = needed <= options_.segment_bytes ? options_.segment_bytes : round_up(needed, page_size());
  const std::filesystem::path path = folder_->path() / segment_name(first_seq);

  // O_EXCL: seqs only grow, so an existing file is someone else's.
  FileDescriptor fd(::open(path.c_str(), O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, 0600));
  if (fd.get() < 0) {
    const int error = errno;
    if (no_room(error)) throw JournalFull("no room for intake journal segment " + path.string() + ": " + reason(error));
    throw JournalError("cannot create intake journal segment " + path.string() + ": " + reason(error));
  }
  RemoveUnlessKept remove(path);

  int error = 0;
  do {
    error = ::posix_fallocate(fd.get(), 0, static_cast<off_t>(size));  // returns the error, leaves errno
  } while (error == EINTR);
  if (no_room(error))
    throw JournalFull("no room for intake journal segment " + path.string() + ": cannot reserve " +
                      std::to_string(size) + " bytes: " + reason(error));
  if (error != 0 && ::ftruncate(fd.get(), static_cast<off_t>(size)) != 0) {
    // A file system without fallocate: sparse, its blocks found at write-back.
    const int truncate_error = errno;
    if (no_room(truncate_error))
      throw JournalFull("no room for intake journal segment " + path.string() + ": " + reason(truncate_error));
    throw JournalError("cannot size intake journal segment " + path.string() + ": " + reason(truncate_error));
  }
  Mapping mapping(fd.get(), size, path);

  // The watermark moves on to the newest segment, which is never deleted.
  stamp_header(mapping.base(), first_seq, committed_);

  remove.keep();
  auto segment = std::make_shared<Segment>(path, first_seq, std::move(mapping), size);
  segments_.push_back(segment);
  writing_ = std::move(segment);
  folder_dirty_ = true;
}

std::uint64_t IntakeJournal::append(std::string_view topic, std::string_view payload) {
  if (topic.size() > 0xFFFF) throw std::invalid_argument("an MQTT topic holds at most 65535 bytes");
  if (payload.size() > kMaxBody - kBodyFixed - topic.size())
    throw std::invalid_argument("an intake journal record holds at most 4 GiB");
  const std::size_t body_bytes = kBodyFixed + topic.size() + payload.size();
  const std::size_t record_bytes = align8(kRecordPrefix + body_bytes);

  std::lock_guard lock(mutex_);
  if (!writing_ || writing_->size - writing_->end < record_bytes) start_segment(record_bytes);
  Segment& segment = *writing_;
  const std::uint64_t seq = next_seq_;
  std::byte* record = segment.base() + segment.end;
  std::byte* body = record + kRecordPrefix;
  const auto topic_length = static_cast<std::uint16_t>(topic.size());
  std::memcpy(body, &seq, sizeof seq);
  std::memcpy(body + 8, &topic_length, sizeof topic_length);
  std::memcpy(body + kBodyFixed, topic.data(), topic.size());
  std::memcpy(body + kBodyFixed + topic.size(), payload.data(), payload.size());
  const std::uint32_t crc = crc32(bytes_at(body, body_bytes));
  std::memcpy(record + 4, &crc, sizeof crc);
  // Last, and released: a reader that sees the length sees every byte it counts.
  length_word(record).store(static_cast<std::uint32_t>(body_bytes), std::memory_order_release);

  segment.end += record_bytes;
  segment.last_seq = seq;
  ++next_seq_;
  ++appended_;
  return seq;
}

void IntakeJournal::committed_through(std::uint64_t seq) {
  std::vector<std::shared_ptr<Segment>> deleted;  // unmapped after the lock is released
  std::lock_guard lock(mutex_);
  seq = std::min(seq, next_seq_ - 1);
  if (seq <= committed_) return;
  committed_ = seq;
  if (segments_.empty()) return;
  Segment& newest = *segments_.back();
  if (newest.base()) {
    u64_slot(newest.base() + kCommittedAt).store(seq, std::memory_order_release);
    newest.header_dirty = true;
  }
  for (auto it = segments_.begin(); it + 1 < segments_.end();) {
    if ((*it)->last_seq > seq) {
      ++it;
      continue;
    }
    if (::unlink((*it)->path.c_str()) != 0 && errno != ENOENT) {
      const int error = errno;
      throw JournalError("cannot delete intake journal segment " + (*it)->path.string() + ": " + reason(error));
    }
    deleted.push_back(std::move(*it));
    it = segments_.erase(it);
    folder_dirty_ = true;
  }
}

void IntakeJournal::sync() {
  struct Flush {
    std::shared_ptr<Segment> segment;  // kept mapped even if committed_through() deletes it meanwhile
    bool header = false;
    std::size_t from = 0, to = 0;
  };
  std::lock_guard serial(sync_mutex_);
  std::vector<Flush> flushes;
  bool folder = false;
  {
    std::lock_guard lock(mutex_);
    for (const auto& segment : segments_) {
      if (!segment->base() || (!segment->header_dirty && segment->end <= segment->synced_end)) continue;
      flushes.push_back({segment, std::exchange(segment->header_dirty, false), segment->synced_end, segment->end});
    }
    folder = std::exchange(folder_dirty_, false);
  }
  // On failure the next sync() tries everything again.
  auto fail = [&](const std::string& what, int error) {
    std::lock_guard lock(mutex_);
    for (const auto& flush : flushes)
      if (flush.header) flush.segment->header_dirty = true;
    if (folder) folder_dirty_ = true;
    throw JournalError("cannot flush " + what + ": " + reason(error));
  };

  // Without the lock: an msync on flash can take milliseconds, and append() must not wait for it.
  const std::size_t page = page_size();
  for (const auto& flush : flushes) {
    const Segment& segment = *flush.segment;
    auto msync_range = [&](std::size_t from, std::size_t to) {
      const std::size_t start = from / page * page;  // msync wants a page-aligned address
      if (to > start && ::msync(segment.base() + start, to - start, MS_SYNC) != 0) {
        const int error = errno;
        fail("intake journal segment " + segment.path.string(), error);
      }
    };
    if (flush.header) msync_range(0, kHeaderBytes);
    if (flush.to > flush.from) msync_range(flush.from, flush.to);
  }
  {
    std::lock_guard lock(mutex_);
    for (const auto& flush : flushes) flush.segment->synced_end = std::max(flush.segment->synced_end, flush.to);
  }

  // A new file's name, or a deletion, lives in the folder: without this a
  // power cut can lose a segment whose data was flushed.
  if (folder && ::fsync(folder_->fd()) != 0) {
    const int error = errno;
    flushes.clear();  // the segments are flushed
    fail("the intake journal folder " + folder_->path().string(), error);
  }
}

void IntakeJournal::replay(const Visitor& visit) const {
  std::vector<std::shared_ptr<Segment>> found;
  std::uint64_t after = 0;
  {
    std::lock_guard lock(mutex_);
    after = committed_;
    for (const auto& segment : segments_)
      if (segment->found_at_open && segment->base() && segment->last_seq > after) found.push_back(segment);
  }
  // Never written to since open (appends go to new segments): read without the lock.
  for (const auto& segment : found) {
    scan_records(segment->base(), segment->size, segment->first_seq,
                 [&](std::uint64_t seq, std::string_view topic, std::string_view payload) {
                   if (seq <= after) return;
                   after = seq;  // seq order across segments too
                   visit(seq, topic, payload);
                 });
  }
}

JournalStats IntakeJournal::stats() const {
  std::lock_guard lock(mutex_);
  JournalStats stats;
  stats.appended = appended_;
  stats.replayable_at_open = replayable_at_open_;
  stats.segments = segments_.size();
  for (const auto& segment : segments_) stats.bytes_on_disk += segment->size;
  stats.last_seq = next_seq_ - 1;
  stats.committed_through = committed_;
  return stats;
}

}  // namespace aegis::ingest
