// A tiny in-app router: a stack of routes. Esc goes back one step.

export type Route =
  | { name: 'signin' }
  | { name: 'inbox' }
  | { name: 'order'; id: string }
  | { name: 'parked' }
  | { name: 'manager' }
  | { name: 'settings' };

class Router {
  stack = $state<Route[]>([{ name: 'inbox' }]);

  get current(): Route {
    return this.stack[this.stack.length - 1];
  }

  get canGoBack(): boolean {
    return this.stack.length > 1;
  }

  /** Open a route on top of the current one (the same order twice is not stacked). */
  go(route: Route): void {
    const cur = this.current;
    if (JSON.stringify(cur) === JSON.stringify(route)) return;
    if (route.name === 'order' && cur.name === 'order') {
      this.stack[this.stack.length - 1] = route;
      return;
    }
    // Top-level screens reset the stack to inbox → screen, so Esc always leads home.
    if (route.name === 'inbox') {
      this.stack = [route];
      return;
    }
    if (route.name === 'manager' || route.name === 'settings' || route.name === 'parked') {
      this.stack = [{ name: 'inbox' }, route];
      return;
    }
    this.stack = [...this.stack, route];
  }

  back(): boolean {
    if (this.stack.length <= 1) return false;
    this.stack = this.stack.slice(0, -1);
    return true;
  }

  reset(route: Route): void {
    this.stack = [route];
  }
}

export const router = new Router();
