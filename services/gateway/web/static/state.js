// What the whole page shares: who is signed in, and the unread count the bubble shows.
export const session = {
  me: null, // GET /api/v1/me
  unread: 0,
};

export function myId() {
  return session.me ? session.me.user_id : "";
}

export function isLeader() {
  return Boolean(session.me && session.me.profile && session.me.profile.leader);
}

export function isCommunityManager() {
  return Boolean(session.me && session.me.profile && session.me.profile.community_manager);
}
