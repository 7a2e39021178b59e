// The status line and header block of a response as it goes on the wire, written directly
// instead of through a Beast message and its serializer: one string, no allocation per field,
// no walk over a concatenation of buffer sequences (those were about a tenth of a worker's CPU
// on a cached list page).
//
//   std::string head = ResponseHead(response, 11, /*keep_alive=*/true, body.size());
//   // write head, then the body unless SendsBody(response.status, head_request) is false
#pragma once

#include <cstddef>
#include <string>

#include "http/message.h"

namespace om::http {

// "HTTP/1.1 200 OK\r\n" (or 1.0 when `version` is 10), Server, Content-Type (not for a status
// without a body), X-Content-Type-Options, the response's own headers in order (a header whose
// name is not a token or whose value holds CR, LF or NUL is left out: it would split the
// response), Content-Length (not for 1xx, 204 or 304), the Connection header that `keep_alive`
// needs for `version`, and the empty line.
std::string ResponseHead(const Response& r, unsigned version, bool keep_alive, size_t body_size);

// Whether a body follows the head: not for HEAD requests, nor for 1xx, 204 and 304.
bool SendsBody(unsigned status, bool head_request);

}  // namespace om::http
