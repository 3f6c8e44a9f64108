#pragma once
// Open event streams per workspace, for the bound of
// events.max_streams_per_workspace: a stream holds a lease for as long as it
// is open, and the lease gives its slot back when it is destroyed.

#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace s2d {

class StreamSlots {
 public:
  class Lease {
   public:
    Lease(StreamSlots& slots, std::string workspace_id) : slots_(slots), workspace_id_(std::move(workspace_id)) {}
    ~Lease() { slots_.release(workspace_id_); }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;

   private:
    StreamSlots& slots_;
    std::string workspace_id_;
  };

  // A lease, or nullptr when the workspace already holds `limit` streams.
  // The slots must outlive every lease.
  std::unique_ptr<Lease> acquire(const std::string& workspace_id, int limit);

 private:
  void release(const std::string& workspace_id);

  std::mutex mutex_;
  std::map<std::string, int> open_;
};

}  // namespace s2d
