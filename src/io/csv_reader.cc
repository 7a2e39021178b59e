#include "io/csv_reader.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "core/text.h"
#include "io/csv_encoding.h"

namespace om {
namespace {

constexpr size_t kChunkSize = size_t{64} * 1024;

enum class FieldState { kUnquoted, kQuoted, kAfterQuote };

// Bits of the bytes of [p, p + 16): those that are one of the four stops, those that are the
// first stop (the separator, when the stops are a record's), and those with bit 7 set.
struct BlockBits {
  unsigned special = 0;
  unsigned separators = 0;
  unsigned high = 0;
};

// Four stop bytes as 16-byte vectors, made once per record or per search.
struct Stops {
#if defined(__SSE2__)
  explicit Stops(const std::array<char, 4>& s)
      : v{_mm_set1_epi8(s[0]), _mm_set1_epi8(s[1]), _mm_set1_epi8(s[2]), _mm_set1_epi8(s[3])} {}
  __m128i v[4];
#else
  explicit Stops(const std::array<char, 4>& s) : c(s) {}
  std::array<char, 4> c;
#endif
};

inline BlockBits Classify(const char* p, const Stops& stops) {
#if defined(__SSE2__)
  __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  __m128i separators = _mm_cmpeq_epi8(b, stops.v[0]);
  __m128i hit =
      _mm_or_si128(_mm_or_si128(separators, _mm_cmpeq_epi8(b, stops.v[1])),
                   _mm_or_si128(_mm_cmpeq_epi8(b, stops.v[2]), _mm_cmpeq_epi8(b, stops.v[3])));
  return {static_cast<unsigned>(_mm_movemask_epi8(hit)),
          static_cast<unsigned>(_mm_movemask_epi8(separators)),
          static_cast<unsigned>(_mm_movemask_epi8(b))};
#else
  BlockBits bits;
  const std::array<char, 4>& s = stops.c;
  for (unsigned i = 0; i < 16; ++i) {
    char c = p[i];
    if (c == s[0]) bits.separators |= 1u << i;
    if (c == s[0] || c == s[1] || c == s[2] || c == s[3]) bits.special |= 1u << i;
    if (static_cast<unsigned char>(c) & 0x80) bits.high |= 1u << i;
  }
  return bits;
#endif
}

// The same for the last bytes before `end`, fewer than 16: the rest reads as zero bytes, none
// special.
BlockBits ClassifyTail(const char* p, const char* end, const Stops& stops) {
  char padded[16] = {};
  std::memcpy(padded, p, static_cast<size_t>(end - p));
  return Classify(padded, stops);
}

// Returns the first byte in [p, end) that is one of stops (or end); ORs the bytes skipped into
// seen so the caller knows whether any was non-ASCII. 16 bytes at a time, as Classify reads them.
const char* FindStop(const char* p, const char* end, const std::array<char, 4>& stops,
                     const std::array<uint8_t, 256>& is_stop, unsigned char& seen) {
  const Stops vectors(stops);
  for (; end - p >= 16; p += 16) {
    BlockBits bits = Classify(p, vectors);
    if (bits.special != 0) {
      unsigned before = (bits.special & -bits.special) - 1;  // the bytes ahead of the first stop
      if (bits.high & before) seen |= 0x80;
      return p + __builtin_ctz(bits.special);
    }
    if (bits.high != 0) seen |= 0x80;
  }
  while (p < end && !is_stop[static_cast<unsigned char>(*p)]) seen |= *p++;
  return p;
}

bool IsBlank(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c == ' '; });
}

}  // namespace

const char* TextEncodingName(TextEncoding e) {
  switch (e) {
    case TextEncoding::kUtf8:
      return "utf-8";
    case TextEncoding::kUtf8Bom:
      return "utf-8-bom";
    case TextEncoding::kWindows1252:
      return "windows-1252";
    case TextEncoding::kUtf16:
      return "utf-16";
  }
  return "unknown";
}

// The source (a string or a stream), the current chunk [cur, end) of UTF-8-or-1252 text, and
// the parser, which copies field bytes straight from the chunk into the caller's strings.
struct CsvReader::Impl {
  struct RecordState {
    CsvRecord* record = nullptr;
    size_t fields = 0;
    std::string* field = nullptr;
    FieldState state = FieldState::kUnquoted;
    bool field_quoted = false;
    bool quoted_cr = false;
  };

  void Init();
  std::string_view NextRawChunk();
  bool Refill();
  bool ParseRecord(CsvRecord& record);
  bool ParseFastRecord(CsvRecord& record);
  void EndFastRecord(CsvRecord& record, const char* stop, unsigned char seen);
  void Unescape(CsvRecord& record) const;
  void StartField(RecordState& rs);
  bool ScanUnquoted(RecordState& rs);
  void ScanQuoted(RecordState& rs);
  void FixEncoding(CsvRecord& record) const;

  std::unique_ptr<std::istream> in;
  std::string data;  // the whole input for FromString
  bool from_string = false;
  size_t data_pos = 0;
  uint64_t total = 0;
  uint64_t raw_read = 0;
  bool eof = false;
  Status status;

  TextEncoding encoding = TextEncoding::kUtf8;
  std::optional<csv_internal::Utf16Decoder> utf16;
  char sep = ',';
  std::array<uint8_t, 256> stop_unquoted{};
  std::array<uint8_t, 256> stop_quoted{};
  std::array<char, 4> stops_unquoted{};
  std::array<char, 4> stops_quoted{'"', '\r', '\n', '"'};

  std::string raw;
  std::string decoded;
  const char* cur = nullptr;
  const char* end = nullptr;
  int64_t line = 1;
  bool skip_lf = false;
  unsigned char high = 0;  // OR of the record's bytes: bit 7 set means non-ASCII was seen
  bool fast_path = true;
  std::vector<size_t> doubled_;  // ParseFastRecord's fields with doubled quotes
};

std::string_view CsvReader::Impl::NextRawChunk() {
  if (from_string) {
    std::string_view chunk = std::string_view(data).substr(data_pos, kChunkSize);
    data_pos += chunk.size();
    raw_read += chunk.size();
    return chunk;
  }
  raw.resize(kChunkSize);
  in->read(raw.data(), static_cast<std::streamsize>(raw.size()));
  raw.resize(static_cast<size_t>(in->gcount()));
  if (in->bad()) {
    status = IoError("read failed after " + std::to_string(raw_read) + " bytes");
    raw.clear();
  }
  raw_read += raw.size();
  return raw;
}

bool CsvReader::Impl::Refill() {
  while (!eof) {
    if (from_string && !utf16) break;  // the whole string was exposed by Init
    std::string_view chunk = NextRawChunk();
    if (chunk.empty()) {
      eof = true;
      if (!utf16) break;
      decoded.clear();
      utf16->Finish(decoded);
    } else if (utf16) {
      decoded.clear();
      utf16->Decode(chunk, decoded);
    }
    std::string_view text = utf16 ? std::string_view(decoded) : chunk;
    if (text.empty()) continue;
    cur = text.data();
    end = text.data() + text.size();
    return true;
  }
  eof = true;
  return false;
}

void CsvReader::Impl::Init() {
  std::string_view first =
      from_string ? std::string_view(data).substr(0, kChunkSize) : NextRawChunk();
  size_t bom = 0;
  bool big_endian = false;
  encoding = csv_internal::DetectEncoding(first, bom, big_endian);
  if (encoding == TextEncoding::kUtf16) {
    utf16.emplace(big_endian);
    if (from_string) {
      data_pos = bom;
      raw_read = bom;
    } else {
      decoded.clear();
      utf16->Decode(first.substr(bom), decoded);
      cur = decoded.data();
      end = decoded.data() + decoded.size();
    }
    if (cur == end) Refill();
  } else if (from_string) {
    raw_read = data.size();
    cur = data.data() + bom;
    end = data.data() + data.size();
  } else {
    cur = first.data() + bom;
    end = first.data() + first.size();
  }
  sep = csv_internal::DetectSeparator(
      std::string_view(cur, std::min<size_t>(static_cast<size_t>(end - cur), kChunkSize)));
  stops_unquoted = {sep, '"', '\r', '\n'};
  for (char c : stops_unquoted) stop_unquoted[static_cast<unsigned char>(c)] = 1;
  for (unsigned char c : {uint8_t{'"'}, uint8_t{'\r'}, uint8_t{'\n'}}) stop_quoted[c] = 1;
}

// The general path builds each field in the record's storage.
void CsvReader::Impl::StartField(RecordState& rs) {
  std::vector<std::string>& fields = rs.record->storage;
  if (rs.fields < fields.size()) {
    fields[rs.fields].clear();
  } else {
    fields.emplace_back();
  }
  rs.field = &fields[rs.fields];
  ++rs.fields;
  rs.state = FieldState::kUnquoted;
  rs.field_quoted = false;
}

// Copies plain bytes up to the next separator, quote or line end. True when the record ended.
bool CsvReader::Impl::ScanUnquoted(RecordState& rs) {
  unsigned char seen = 0;
  const char* p = FindStop(cur, end, stops_unquoted, stop_unquoted, seen);
  high |= seen;
  rs.field->append(cur, static_cast<size_t>(p - cur));
  cur = p;
  if (p == end) return false;
  char c = *cur++;
  if (c == sep) {
    StartField(rs);
  } else if (c == '"') {
    if (!rs.field_quoted && IsBlank(*rs.field)) {  // opening quote, maybe after spaces
      rs.field->clear();
      rs.state = FieldState::kQuoted;
      rs.field_quoted = true;
    } else {
      rs.field->push_back('"');  // stray quote inside an unquoted field: keep it
    }
  } else {
    ++line;
    skip_lf = c == '\r';
    return true;
  }
  return false;
}

// Copies quoted content up to the next quote; embedded line ends are kept and counted.
void CsvReader::Impl::ScanQuoted(RecordState& rs) {
  unsigned char seen = 0;
  const char* p = FindStop(cur, end, stops_quoted, stop_quoted, seen);
  high |= seen;
  if (p != cur) rs.quoted_cr = false;
  rs.field->append(cur, static_cast<size_t>(p - cur));
  cur = p;
  if (p == end) return;
  char c = *cur++;
  if (c == '"') {
    rs.state = FieldState::kAfterQuote;
    return;
  }
  rs.field->push_back(c);
  if (c == '\r' || !rs.quoted_cr) ++line;
  rs.quoted_cr = c == '\r';
}

// The common record, whole in the buffer, read in one pass over 16-byte blocks whose
// separators, quotes and line ends are found as bits, its fields left where they are (views):
// plain fields, and quoted ones that open at the field's first byte, close before a separator
// or the line end and hold no line end (doubled quotes are fine: those fields are rewritten into
// storage). False, having consumed nothing, for any other record (a quoted line end, a stray
// quote, text after a closing quote, a record running past the buffer), which ParseRecord's
// general path then reads.
bool CsvReader::Impl::ParseFastRecord(CsvRecord& record) {
  // Fields are written through a plain pointer into room made ahead (the vector's capacity,
  // which records of the same file soon stop growing), the count kept apart until the end.
  std::vector<std::string_view>& fields = record.fields;
  fields.resize(std::max<size_t>(fields.capacity(), 16));
  std::string_view* out = fields.data();
  size_t room = fields.size();
  size_t n = 0;
  auto add = [&](const char* b, const char* e) {
    if (n == room) {
      fields.resize(2 * room);
      out = fields.data();
      room = fields.size();
    }
    out[n++] = std::string_view(b, static_cast<size_t>(e - b));
  };
  const char* f = cur;                // where the field being read starts
  const char* open = nullptr;         // its opening quote, when it has one
  const char* closed = nullptr;       // its closing quote, once it has one
  const char* skip = nullptr;         // the second quote of a doubled pair, passed over
  bool non_ascii = false;             // in the blocks before this one
  doubled_.clear();                   // fields with a doubled quote
  const Stops stops(stops_unquoted);  // separator, '"', CR, LF
  for (const char* block = cur; block < end; block += 16) {
    BlockBits bits = end - block >= 16 ? Classify(block, stops) : ClassifyTail(block, end, stops);
    unsigned mask = bits.special;
    if (open == nullptr && mask == bits.separators) {  // the common block: separators only
      for (; mask != 0; mask &= mask - 1) {
        const char* p = block + __builtin_ctz(mask);
        add(f, p);
        f = p + 1;
      }
      non_ascii |= bits.high != 0;  // padding bytes are zero
      continue;
    }
    for (; mask != 0; mask &= mask - 1) {
      const char* p = block + __builtin_ctz(mask);
      if (p == skip) continue;
      char c = *p;
      if (open != nullptr && closed == nullptr) {  // inside quotes
        if (c == sep) continue;
        // A quoted line end (the general path counts its lines), or a quote at the buffer's end.
        if (c != '"' || p + 1 == end) return false;
        if (p[1] == '"') {
          if (doubled_.empty() || doubled_.back() != n) doubled_.push_back(n);
          skip = p + 1;
          continue;
        }
        if (p[1] != sep && p[1] != '\r' && p[1] != '\n') return false;  // text after the quote
        closed = p;
        continue;
      }
      if (c == '"') {
        if (p != f) return false;  // a quote inside a plain field, or after spaces
        open = p;
        continue;
      }
      // A separator or a line end, outside quotes: the field ends.
      if (open != nullptr) {
        add(open + 1, closed);
      } else {
        add(f, p);
      }
      f = p + 1;
      open = closed = nullptr;
      if (c == sep) continue;
      non_ascii |= (bits.high & ((1u << (p - block)) - 1)) != 0;  // the bytes before p
      fields.resize(n);
      if (!doubled_.empty()) Unescape(record);
      // A separator, a quote or a line end never falls inside a UTF-8 sequence: a valid line
      // is valid fields.
      bool valid_utf8 =
          !non_ascii || ((encoding == TextEncoding::kUtf8 || encoding == TextEncoding::kUtf8Bom) &&
                         IsValidUtf8(std::string_view(cur, static_cast<size_t>(p - cur))));
      EndFastRecord(record, p, valid_utf8 ? 0 : 0x80);
      return true;
    }
    non_ascii |= bits.high != 0;
  }
  return false;  // no line end before the end of the buffer
}

// Rewrites the fast path's fields with doubled quotes (`doubled_`) into storage, each pair as
// one quote.
void CsvReader::Impl::Unescape(CsvRecord& record) const {
  if (record.storage.size() < record.fields.size()) record.storage.resize(record.fields.size());
  for (size_t i : doubled_) {
    std::string_view quoted = record.fields[i];
    std::string& out = record.storage[i];
    out.clear();
    for (size_t k = 0; k < quoted.size(); ++k) {
      out.push_back(quoted[k]);
      if (quoted[k] == '"') ++k;  // the pair reads as one quote
    }
    record.fields[i] = out;
  }
}

// Ends a record read by the fast path: its line end at `stop`, `seen` the OR of its bytes (0
// when they need no repair).
void CsvReader::Impl::EndFastRecord(CsvRecord& record, const char* stop, unsigned char seen) {
  record.line = line;
  ++line;
  skip_lf = *stop == '\r';
  cur = stop + 1;
  high = seen;
  if (high & 0x80) FixEncoding(record);
}

// Returns false at end of input when no record was started.
bool CsvReader::Impl::ParseRecord(CsvRecord& record) {
  if (skip_lf && cur != end) {  // the '\n' of a "\r\n" that ended the previous record
    skip_lf = false;
    if (*cur == '\n') ++cur;
  }
  if (!skip_lf && fast_path && ParseFastRecord(record)) return true;
  RecordState rs;
  rs.record = &record;
  StartField(rs);
  high = 0;
  record.line = line;
  bool started = false;
  while (true) {
    if (cur == end && !Refill()) break;
    if (skip_lf) {  // the '\n' of a "\r\n" that ended the previous record
      skip_lf = false;
      if (*cur == '\n') {
        ++cur;
        continue;
      }
    }
    started = true;
    if (rs.state == FieldState::kUnquoted) {
      if (ScanUnquoted(rs)) break;
    } else if (rs.state == FieldState::kQuoted) {
      ScanQuoted(rs);
    } else if (*cur == '"') {  // doubled quote inside a quoted field
      rs.field->push_back('"');
      ++cur;
      rs.state = FieldState::kQuoted;
    } else {  // text after the closing quote is kept (lenient)
      rs.state = FieldState::kUnquoted;
    }
  }
  // The views, once storage has stopped growing.
  record.fields.assign(record.storage.begin(), record.storage.begin() + rs.fields);
  if (high & 0x80) FixEncoding(record);
  return started;
}

// Rewrites into storage the fields that are not valid UTF-8: from Windows-1252, or with stray
// Windows-1252 bytes in a UTF-8 file.
void CsvReader::Impl::FixEncoding(CsvRecord& record) const {
  if (encoding == TextEncoding::kUtf16) return;  // decoded text is valid UTF-8 already
  // Grown before any field points into it (the general path's already are, and it is big enough).
  if (record.storage.size() < record.fields.size()) record.storage.resize(record.fields.size());
  for (size_t i = 0; i < record.fields.size(); ++i) {
    std::string_view field = record.fields[i];
    std::string fixed;
    if (encoding == TextEncoding::kWindows1252) {
      bool ascii = std::all_of(field.begin(), field.end(),
                               [](char c) { return (static_cast<unsigned char>(c) & 0x80) == 0; });
      if (ascii) continue;
      fixed = Windows1252ToUtf8(field);
    } else if (!IsValidUtf8(field)) {
      fixed = csv_internal::RepairUtf8(field);  // a stray Windows-1252 byte in a UTF-8 file
    } else {
      continue;
    }
    record.storage[i] = std::move(fixed);
    record.fields[i] = record.storage[i];
  }
}

CsvReader::CsvReader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
CsvReader::~CsvReader() = default;

Result<std::unique_ptr<CsvReader>> CsvReader::OpenFile(const std::string& path) {
  auto in = std::make_unique<std::ifstream>(path, std::ios::binary);
  if (!*in) return IoError("cannot open " + path);
  std::error_code ec;
  uint64_t size = std::filesystem::file_size(path, ec);
  return FromStream(std::move(in), ec ? 0 : size);
}

std::unique_ptr<CsvReader> CsvReader::FromString(std::string data) {
  auto impl = std::make_unique<Impl>();
  impl->total = data.size();
  impl->data = std::move(data);
  impl->from_string = true;
  impl->Init();
  return std::unique_ptr<CsvReader>(new CsvReader(std::move(impl)));
}

std::unique_ptr<CsvReader> CsvReader::FromStream(std::unique_ptr<std::istream> in,
                                                 uint64_t total_bytes) {
  auto impl = std::make_unique<Impl>();
  impl->in = std::move(in);
  impl->total = total_bytes;
  impl->Init();
  return std::unique_ptr<CsvReader>(new CsvReader(std::move(impl)));
}

bool CsvReader::Next(CsvRecord& record) {
  while (impl_->ParseRecord(record)) {
    bool empty = std::all_of(record.fields.begin(), record.fields.end(),
                             [](std::string_view f) { return f.empty(); });
    if (!empty) return true;
  }
  record.fields.clear();
  return false;
}

void CsvReader::SetFastPathForTesting(bool on) { impl_->fast_path = on; }

const Status& CsvReader::status() const { return impl_->status; }
char CsvReader::separator() const { return impl_->sep; }
TextEncoding CsvReader::encoding() const { return impl_->encoding; }
uint64_t CsvReader::total_bytes() const { return impl_->total; }

uint64_t CsvReader::bytes_read() const {
  if (impl_->utf16) return impl_->raw_read;
  return impl_->raw_read - static_cast<uint64_t>(impl_->end - impl_->cur);
}

void AppendCsvRecord(std::string& out, const std::vector<std::string>& fields, char sep) {
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out += sep;
    const std::string& f = fields[i];
    if (f.find_first_of(std::string{sep, '"', '\r', '\n'}) == std::string::npos) {
      out += f;
      continue;
    }
    out += '"';
    for (char c : f) {
      if (c == '"') out += '"';
      out += c;
    }
    out += '"';
  }
  out += "\r\n";
}

}  // namespace om
