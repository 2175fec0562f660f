// Names for ids the API gives without a name (people praised in a post): asked once, then remembered.
import { get } from "./api.js";

const names = new Map();

export function personName(userId) {
  if (!names.has(userId)) {
    names.set(userId, get(`/people/${encodeURIComponent(userId)}`)
      .then((user) => user.profile.display_name)
      .catch(() => ""));
  }
  return names.get(userId);
}
