#pragma once
// A write-ahead journal for MQTT messages, so that what Paho acknowledges to
// the broker survives the process.
//
// Why: Paho tells the broker a QoS 1 message arrived around the time our
// callback returns, and the callback only copies it into memory (the decode
// stage). A kill -9 or a power cut lost everything acknowledged but not yet
// committed to SQLite. Now the callback appends the message here first; at
// the next start replay() hands back every message the store had not
// committed, and committed_through() lets the journal forget the rest.
//
// Why memory-mapped: a write() or fsync() per message would cost the
// receive thread a system call each, tens of thousands a second. A store
// into a MAP_SHARED mapping lands in the page cache, which belongs to the
// kernel and outlives a killed process, so append() makes a message safe
// from kill -9 with no system call. Safety from a power cut is bounded
// instead: sync() (msync) makes everything appended before it durable, and
// the caller runs it every `ingest.journal_sync_ms` or after each commit
// group; a power cut loses at most what came since the last sync().
//
// Files. The folder holds segments named intake-<first seq, 20 digits>.journal,
// each reserved at full size when created (posix_fallocate: a write into the
// mapping can then never fail for want of disk, which would be a SIGBUS; on
// a file system without fallocate, ftruncate makes a sparse file instead and
// that guarantee is lost). A record that does not fit what is left starts a
// new segment; one larger than a segment gets a segment sized to fit it.
// Segments hold native (little-endian) integers: x86-64 and aarch64 alike.
//
//   header, 64 bytes: "AEGISJ01", u32 format version (1), u32 reserved,
//     u64 first seq (as in the name), u64 committed_through, reserved zeros
//   records, each at an 8-byte boundary:
//     u32 length | u32 CRC-32 | u64 seq | u16 topic length | topic | payload
//   where length counts the bytes from seq to the end of the payload, the
//   CRC covers those same bytes (not the payload alone: a torn seq or topic
//   must not pass either), and a length of 0 ends the segment.
//
// Writing order. A record's body and CRC are written first and its length
// word last, with a release store: a process killed between the two leaves
// a length of 0, never a length whose bytes are not all there. A power cut
// can write pages back in any order, so a reader also checks the CRC, that
// the record fits the file, and that seqs increase. Reading a segment stops
// at the first record failing any check: what follows it is a crash mid-
// append, not data. A new segment's magic is stored last too, so a kill
// during creation leaves a header of zeros (or a file shorter than a
// header): read as a segment without a watermark, and stamped, rather than
// refused. A magic that is neither zeros nor ours, another format version,
// or a first seq differing from the name is refused naming the file: no
// crash makes those, and guessing could replay someone else's bytes.
//
// Segments found at open are never appended to (one may end in a torn
// record, and bytes after a new record there could be mistaken for more);
// the first append() after open starts a new segment. Seqs continue after
// the highest seq, segment first seq or watermark found, so a name is never
// reused and a seq is never below the watermark; a restart may skip a seq.
// What was found counts as not yet flushed: after a kill -9 it may be in
// the page cache only, so the first sync() flushes it and the folder.
//
// The watermark. committed_through(seq) stores seq in the header of the
// newest segment (an atomic store into the mapping; the slot moves forward
// when a new segment starts, which copies it), and unlinks every other
// segment whose records are all at or below seq. The newest segment is
// never deleted: it carries the watermark and the seq to continue from.
// At open the watermark is the highest found in any header. A seq beyond
// the last one appended is clamped to it: a watermark must not cover
// messages not yet written. Note the store's own durability: with SQLite's
// synchronous=NORMAL a commit survives kill -9 but not a power cut, so after
// a power cut the newest commits may be lost from both the database and
// (trimmed) from the journal; a caller that needs more must trim only after
// the database synced.
//
// Which seq to pass to committed_through() is JournalWatermark's job
// (journal_watermark.hpp): readings of one message commit in any group.
//
// Locking. One mutex guards append(), committed_through() and the
// bookkeeping; sync() and replay() hold it only to take a list of segments
// (kept alive by shared ownership), so a slow msync or a replay callback
// that blocks, or calls append() or committed_through(), never holds up the
// receive thread or deadlocks.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string_view>
#include <vector>

namespace aegis::ingest {

// A journal that cannot be used: its folder, a segment file, a failed flush.
// The message names the file or folder and the reason.
class JournalError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// No room for a new segment (ENOSPC, EDQUOT, or EFBIG from a file size
// limit). The message was not journaled; the caller should stop
// acknowledging until appends succeed again.
class JournalFull : public JournalError {
 public:
  using JournalError::JournalError;
};

struct JournalOptions {
  std::filesystem::path dir;                // created if missing
  std::size_t segment_bytes = 16 << 20;     // reserved per segment; at least 4096
};

struct JournalStats {
  std::uint64_t appended = 0;            // records appended since open
  std::uint64_t replayable_at_open = 0;  // records found at open above the watermark
  std::uint64_t segments = 0;            // segment files now
  std::uint64_t bytes_on_disk = 0;       // their sizes (reserved, not only used)
  std::uint64_t last_seq = 0;            // the highest seq used; the next append returns last_seq + 1
  std::uint64_t committed_through = 0;   // the watermark
};

class IntakeJournal {
 public:
  using Visitor = std::function<void(std::uint64_t seq, std::string_view topic, std::string_view payload)>;

  // Creates the folder if needed and reads the segments in it. Throws
  // JournalError for a folder that cannot be created, opened or written, or
  // for a segment that cannot be opened or is not ours (wrong magic,
  // version or first seq); std::invalid_argument for an empty folder name
  // or segments smaller than 4096 bytes.
  explicit IntakeJournal(JournalOptions options);
  ~IntakeJournal();  // a last sync(), its errors ignored
  IntakeJournal(const IntakeJournal&) = delete;
  IntakeJournal& operator=(const IntakeJournal&) = delete;

  // Writes the message and returns its seq (1, 2, 3, ... across restarts).
  // Durable against kill -9 when it returns; against a power cut after the
  // next sync(). Makes a system call only when it starts a segment. Throws
  // JournalFull when there is no room for a new segment, JournalError when
  // one cannot be created for another reason, std::invalid_argument for a
  // topic over 65535 bytes or a record over 4 GiB.
  std::uint64_t append(std::string_view topic, std::string_view payload);

  // Everything at or below seq is in the database: record the watermark and
  // delete the segments that hold nothing newer. Cheap unless it deletes a
  // segment (one unlink each). Throws JournalError when an unlink fails.
  void committed_through(std::uint64_t seq);

  // Flushes to storage what was written since the last sync(): the written
  // range and any updated header of each segment (msync MS_SYNC), and the
  // folder after a segment was created or deleted. Throws JournalError.
  void sync();

  // Visits, in seq order, every valid record found at open whose seq is
  // above the watermark now (and whose segment was not deleted since). The
  // views are valid during the call only. Meant for once at start, before
  // the messages it yields are followed by new ones; see "Locking" above.
  void replay(const Visitor& visit) const;

  JournalStats stats() const;

 private:
  struct Segment;  // one mapped segment file (intake_journal.cpp)
  class Folder;    // the folder's descriptor, for flushing its entries

  void load_segments();
  void start_segment(std::size_t record_bytes);

  const JournalOptions options_;
  std::unique_ptr<Folder> folder_;

  mutable std::mutex mutex_;
  std::vector<std::shared_ptr<Segment>> segments_;  // by first seq; back() is the newest
  std::shared_ptr<Segment> writing_;                // the segment appends go to; null until the first
  std::uint64_t next_seq_ = 1;
  std::uint64_t committed_ = 0;                     // the watermark
  std::uint64_t appended_ = 0;
  std::uint64_t replayable_at_open_ = 0;
  bool folder_dirty_ = false;                       // a segment was created or deleted since the last sync()

  std::mutex sync_mutex_;  // one sync() at a time
};

}  // namespace aegis::ingest
