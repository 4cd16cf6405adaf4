// Placeholder until the CLI lands.
console.log('sanctions-watch');
