// The community manager's dashboard comes with the insights service; until then this says so.
import { h, add } from "../dom.js";
import { t } from "../i18n.js";
import { pageHeader } from "./common.js";

export const title = () => t("nav.community");

export function render(view) {
  add(view, pageHeader(t("nav.community")),
    h("div", { class: "card notice", testid: "community-placeholder" }, h("p", {}, t("community.coming")),
      h("ul", {}, ["unanswered", "groups", "participation", "firstAnswer", "leaders"].map((k) => h("li", {}, t(`community.${k}`))))));
}
