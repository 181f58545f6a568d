/**
 * Name material for the demo patients: the most common Chinese surnames (2020 census order, plus
 * two compound ones), common given names, and Western names for the expatriate patients that
 * Shanghai and Guangzhou sites enrol. Nothing here is a real person's record. Space-separated
 * strings keep the lists readable (one element per line would run to hundreds of lines).
 */
const words = (s: string): readonly string[] => s.trim().split(/\s+/u);

/** Chinese family names. */
export const CHINESE_SURNAMES = words(`
  王 李 张 刘 陈 杨 黄 赵 吴 周 徐 孙 马 朱 胡 郭 何 林 罗 高 郑 梁 谢 宋 唐 许 韩 邓 冯 曹
  彭 曾 肖 田 董 潘 袁 蔡 蒋 余 于 杜 叶 程 魏 苏 吕 丁 欧阳 司马`);

/** Chinese given names, one or two characters. */
export const CHINESE_GIVEN_NAMES = words(`
  伟 芳 娜 敏 静 丽 强 磊 军 洋 勇 艳 杰 娟 涛 明 超 霞 平 刚 华 秀英 桂英 建华 玉兰 志强
  海燕 欣怡 子涵 浩然 宇轩 梓萱 一诺 思远 佳怡 俊杰 雨桐 宏伟 国强 丽华 建国 淑珍 秀兰 凤英
  玉梅 文博 晓东 春梅 立新 红梅`);

/** Western given names. */
export const WESTERN_GIVEN_NAMES = words(`
  James Mary John Patricia Robert Jennifer Michael Linda David Elizabeth William Susan Thomas
  Sarah Daniel Emma Lucas Sophie Oliver Anna Mark Laura Peter Claire`);

/** Western family names. */
export const WESTERN_FAMILY_NAMES = words(`
  Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Moore Martin Müller
  Schmidt Dubois Rossi Novak Jensen O'Brien García`);

/** Mainland China mobile prefixes (China Mobile, Unicom, Telecom). */
export const MOBILE_PREFIXES = words(`
  130 131 132 133 135 136 137 138 139 150 151 152 155 156 157 158 159 166 177 180 181 182 183
  186 187 188 189 198 199`);
