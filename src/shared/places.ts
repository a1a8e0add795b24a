/**
 * How a POP's place reads on every page: "Amsterdam (NL)" when its name already says the city,
 * else "Equinix FR5, Frankfurt (DE)".
 */
export function placeName(pop: { name: string; city: string; country: string }): string {
  const namesCity = pop.name.toLowerCase().includes(pop.city.trim().toLowerCase());
  return namesCity ? `${pop.name} (${pop.country})` : `${pop.name}, ${pop.city} (${pop.country})`;
}
