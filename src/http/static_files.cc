#include "http/static_files.h"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace om::http {
namespace {

const char* MimeType(const std::filesystem::path& path) {
  std::string ext = path.extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".json" || ext == ".geojson") return "application/json";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".woff2") return "font/woff2";
  return "application/octet-stream";
}

std::optional<Response> ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream body;
  body << in.rdbuf();
  Response r;
  r.content_type = MimeType(path);
  r.body = body.str();
  bool hashed = path.parent_path().filename() == "assets";  // Vite's content-hashed files
  r.headers.emplace_back("Cache-Control",
                         hashed ? "public, max-age=31536000, immutable" : "no-cache");
  return r;
}

}  // namespace

std::optional<Response> ServeStatic(const std::string& root, const std::string& url_path,
                                    bool spa_fallback) {
  namespace fs = std::filesystem;
  if (root.empty()) return std::nullopt;
  if (url_path.find("..") != std::string::npos || url_path.find('\0') != std::string::npos ||
      url_path.find('\\') != std::string::npos) {
    return std::nullopt;
  }
  std::error_code ec;
  fs::path base = fs::weakly_canonical(root, ec);
  if (ec) return std::nullopt;
  fs::path file = fs::weakly_canonical(base / fs::path(url_path).relative_path(), ec);
  std::string base_text = base.string() + "/";
  bool inside = !ec && (file.string() + "/").compare(0, base_text.size(), base_text) == 0;
  if (inside && fs::is_regular_file(file, ec)) return ReadFile(file);
  if (inside && fs::is_directory(file, ec) && fs::is_regular_file(file / "index.html", ec)) {
    return ReadFile(file / "index.html");
  }
  if (spa_fallback && fs::path(url_path).extension().empty()) return ReadFile(base / "index.html");
  return std::nullopt;
}

}  // namespace om::http
