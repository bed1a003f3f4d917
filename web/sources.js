// sources.js - what the list source ids stand for, for people: "us-csl"
// is the US Consolidated Screening List. An id not here is shown as it is.

const titles = {
  'us-ofac-sdn': 'US OFAC Specially Designated Nationals (SDN) list',
  'us-ofac-cons': 'US OFAC consolidated non-SDN lists',
  'us-csl': 'US Consolidated Screening List',
  'us-bis-dpl': 'US BIS Denied Persons List',
  'un-sc': 'UN Security Council consolidated list',
  'uk-ofsi': 'UK OFSI consolidated list',
  'eu-fsf': 'EU financial sanctions (FSF) list',
};

export function sourceTitle(id) {
  if (titles[id]) return titles[id];
  if (id && id.startsWith('os-')) return `OpenSanctions export (${id.slice(3)})`;
  if (id && id.startsWith('internal')) return `internal list (${id})`;
  return id || '';
}
