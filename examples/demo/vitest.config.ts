// An ordinary Vitest config: the reload loop needs nothing here (`vitest-reload` adds it).
export default {}
