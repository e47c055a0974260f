package dev.chatmesh.realtime;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The connection limits per account and per company, and the counts of open streams and held
 * long-polls behind the stats (per company, member and session). A limit counts this node's
 * own connections plus the other live nodes' latest census ({@link #others}), so it holds
 * across the cluster within one census interval. Guarded by {@code this}.
 */
final class Limits {

  private final int perAccountLimit;
  private final int perCompanyLimit;
  private final Map<Long, Integer> perAccount = new HashMap<>();
  private final Map<Long, Integer> perCompany = new HashMap<>();
  private final Map<Long, Map<Long, Integer>> perMember = new HashMap<>();
  private final Map<String, Integer> perSession = new HashMap<>();
  private volatile Map<String, Integer> others = Map.of();

  Limits(int perAccountLimit, int perCompanyLimit) {
    this.perAccountLimit = perAccountLimit;
    this.perCompanyLimit = perCompanyLimit;
  }

  /** Counts the stream in, or says which limit it hits (then nothing is counted). */
  synchronized Hub.Opened reserve(StreamRequest request) {
    Map<String, Integer> elsewhere = others;
    int account = perAccount.getOrDefault(request.accountId(), 0);
    if (account + elsewhere.getOrDefault(accountKey(request.accountId()), 0) >= perAccountLimit) {
      return Hub.Opened.ACCOUNT_LIMIT;
    }
    int company = perCompany.getOrDefault(request.companyId(), 0);
    if (company + elsewhere.getOrDefault(companyKey(request.companyId()), 0)
        >= perCompanyLimit) {
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

  /** The other live nodes' counts, summed, as keyed by {@link #snapshot}. */
  void others(Map<String, Integer> sums) {
    others = Map.copyOf(sums);
  }

  Map<String, Integer> others() {
    return others;
  }

  /** This node's counts for the census: per account, company and (company, member). */
  synchronized Map<String, Integer> snapshot() {
    Map<String, Integer> counts = new HashMap<>();
    perAccount.forEach((id, n) -> counts.put(accountKey(id), n));
    perCompany.forEach((id, n) -> counts.put(companyKey(id), n));
    perMember.forEach((company, members) -> members.forEach((member, n) ->
        counts.put(memberKey(company, member), n)));
    return counts;
  }

  static String accountKey(long accountId) {
    return "a" + accountId;
  }

  static String companyKey(long companyId) {
    return "c" + companyId;
  }

  static String memberKey(long companyId, long memberId) {
    return "m" + companyId + ":" + memberId;
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
