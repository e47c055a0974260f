package dev.chatmesh.realtime;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The connection limits per account and per company, and the counts of open streams behind the
 * node's stats (per company, member and session). Per node, by design (docs/ARCHITECTURE.md).
 * Guarded by {@code this}.
 */
final class Limits {

  private final int perAccountLimit;
  private final int perCompanyLimit;
  private final Map<Long, Integer> perAccount = new HashMap<>();
  private final Map<Long, Integer> perCompany = new HashMap<>();
  private final Map<Long, Map<Long, Integer>> perMember = new HashMap<>();
  private final Map<String, Integer> perSession = new HashMap<>();

  Limits(int perAccountLimit, int perCompanyLimit) {
    this.perAccountLimit = perAccountLimit;
    this.perCompanyLimit = perCompanyLimit;
  }

  /** Counts the stream in, or says which limit it hits (then nothing is counted). */
  synchronized Hub.Opened reserve(StreamRequest request) {
    int account = perAccount.getOrDefault(request.accountId(), 0);
    if (account >= perAccountLimit) {
      return Hub.Opened.ACCOUNT_LIMIT;
    }
    int company = perCompany.getOrDefault(request.companyId(), 0);
    if (company >= perCompanyLimit) {
      return Hub.Opened.COMPANY_LIMIT;
    }
    perAccount.put(request.accountId(), account + 1);
    perCompany.put(request.companyId(), company + 1);
    perMember.computeIfAbsent(request.companyId(), id -> new HashMap<>())
        .merge(request.memberId(), 1, Integer::sum);
    perSession.merge(request.sessionId(), 1, Integer::sum);
    return Hub.Opened.OPENED;
  }

  /** Counts a reserved stream out. */
  synchronized void release(StreamRequest request) {
    perAccount.computeIfPresent(request.accountId(), (id, n) -> n > 1 ? n - 1 : null);
    perCompany.computeIfPresent(request.companyId(), (id, n) -> n > 1 ? n - 1 : null);
    perSession.computeIfPresent(request.sessionId(), (id, n) -> n > 1 ? n - 1 : null);
    Map<Long, Integer> members = perMember.get(request.companyId());
    if (members != null) {
      members.computeIfPresent(request.memberId(), (id, n) -> n > 1 ? n - 1 : null);
      if (members.isEmpty()) {
        perMember.remove(request.companyId());
      }
    }
  }

  synchronized int streams(long companyId) {
    return perCompany.getOrDefault(companyId, 0);
  }

  synchronized Map<Long, Integer> streamsByMember(long companyId) {
    return Map.copyOf(perMember.getOrDefault(companyId, Map.of()));
  }

  synchronized int openStreams() {
    return perCompany.values().stream().mapToInt(Integer::intValue).sum();
  }

  synchronized Set<String> sessions() {
    return Set.copyOf(perSession.keySet());
  }
}
