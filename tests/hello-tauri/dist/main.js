// Render the greeting from script, as a UI framework would: the benchmark waits for [data-testid=hello].
const greeting = document.createElement('h1');
greeting.dataset.testid = 'hello';
greeting.textContent = 'Hello, Tauri!';
document.getElementById('app').append(greeting);
// The page's own clock, as Storedesk's UI marks its screens (the benchmark reads both).
performance.mark('sd:greeting');
